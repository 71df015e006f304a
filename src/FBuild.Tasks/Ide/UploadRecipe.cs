using System.Collections.Generic;
using System.IO;
using FBuild.Tasks.Boards;

namespace FBuild.Tasks.Ide
{
    /// <summary>
    /// The board's upload command, as the Arduino IDE builds it: the upload tool's tools.TOOL.* properties laid over the
    /// board's, upload.verbose and upload.verify from the tool's params, the port and the sketch's build folder.
    /// </summary>
    public static class UploadRecipe
    {
        /// <summary>The upload tool: upload.tool.default (IDE 2 and arduino-cli's serial protocol), else upload.tool.</summary>
        public static string Tool(PropertyMap board)
        {
            var tool = board.Get("upload.tool.default");
            if (tool.Length == 0) tool = board.Get("upload.tool");
            // A tool of a referenced platform (upload.tool=arduino:avrdude): its tools.avrdude.* come with that platform's platform.txt.
            int colon = tool.IndexOf(':');
            return colon < 0 ? tool : tool.Substring(colon + 1);
        }

        /// <summary>The command line; throws BoardException (FB0124) when the board has no upload tool or pattern.</summary>
        public static List<string> Command(PropertyMap board, string port, string buildPath, string projectName, bool verbose, bool verify)
        {
            var tool = Tool(board);
            if (tool.Length == 0)
                throw new BoardException(FBuildErrors.NoUploadRecipe, $"Board '{board.Get("name")}' names no upload tool (upload.tool) in boards.txt.");
            var props = board.Clone();
            props.Merge(board.SubTree("tools." + tool));
            var pattern = props.Get("upload.pattern");
            if (pattern.Length == 0)
                throw new BoardException(FBuildErrors.NoUploadRecipe, $"The platform has no upload recipe for tool '{tool}' (tools.{tool}.upload.pattern in platform.txt).");
            props["upload.verbose"] = props.Get(verbose ? "upload.params.verbose" : "upload.params.quiet");
            props["upload.verify"] = verify ? props.Get("upload.params.verify", props.Get("upload.verify")) : props.Get("upload.params.noverify");
            props["serial.port"] = port;
            props["serial.port.file"] = Path.GetFileName(port);
            props["upload.port.address"] = port;
            props["build.path"] = buildPath.TrimEnd('/');
            props["build.project_name"] = projectName;
            return BossacUsbPort(CommandLine.Split(props.Expand(pattern)));
        }

        /// <summary>
        /// bossac's <c>-U true</c> (the SAMD cores' <c>-U {upload.native_usb}</c>, for Arduino's bossac 1.7, where -U takes a
        /// value) as <c>--usb-port=true</c>: the same to bossac 1.7, and the only form bossac 1.9 (Debian's bossa-cli), whose
        /// value is optional, reads ("-U true" makes it fail with "extra arguments found").
        /// </summary>
        public static List<string> BossacUsbPort(List<string> args)
        {
            if (args.Count == 0 || !Path.GetFileName(args[0]).StartsWith("bossac", System.StringComparison.Ordinal)) return args;
            var result = new List<string>();
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i] == "-U" && i + 1 < args.Count && (args[i + 1] == "true" || args[i + 1] == "false"))
                {
                    result.Add("--usb-port=" + args[i + 1]);
                    i++;
                }
                else result.Add(args[i]);
            }
            return result;
        }
    }
}

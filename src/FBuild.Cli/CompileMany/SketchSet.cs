namespace FBuild.Cli.CompileMany;

/// <summary>One plain sketch folder (NAME/NAME.ino); RelativeDir is its path below the set's root.</summary>
public sealed record SketchFolder(string Name, string Directory, string RelativeDir);

/// <summary>The sketch folders of one compile-many run and the root they share.</summary>
public sealed record SketchSet(string Root, IReadOnlyList<SketchFolder> Sketches)
{
    /// <summary>Checks each folder is an Arduino sketch folder (FB0101 otherwise) and names its in-memory project.</summary>
    public static SketchSet FromDirectories(IEnumerable<string> dirs, string currentDirectory)
    {
        var full = dirs.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d, currentDirectory)))
            .Distinct(StringComparer.Ordinal).ToList();
        var sketches = new List<SketchFolder>();
        foreach (var dir in full)
        {
            var name = Path.GetFileName(dir);
            if (!System.IO.Directory.Exists(dir) || !File.Exists(Path.Combine(dir, name + ".ino")))
                throw new CliException(FBuildCodes.NotASketchFolder, $"'{dir}' is not a sketch folder: it needs {name}/{name}.ino");
        }
        var root = CommonRoot(full.Select(d => Path.GetDirectoryName(d) ?? d));
        foreach (var dir in full) sketches.Add(new SketchFolder(Path.GetFileName(dir), dir, Path.GetRelativePath(root, dir)));
        return new SketchSet(root, sketches);
    }

    /// <summary>The deepest folder containing all the given folders (absolute paths).</summary>
    public static string CommonRoot(IEnumerable<string> folders)
    {
        string[]? common = null;
        foreach (var f in folders)
        {
            var parts = f.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (common is null) { common = parts; continue; }
            int n = 0;
            while (n < common.Length && n < parts.Length && common[n] == parts[n]) n++;
            common = common[..n];
        }
        return "/" + string.Join('/', common ?? Array.Empty<string>());
    }
}

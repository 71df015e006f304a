using System.IO;
using System.Text;

namespace FBuild.Tasks
{
    /// <summary>Writes a file through a temporary file and a rename, so readers never see half of it.</summary>
    internal static class AtomicFile
    {
        public static void WriteAllText(string path, string text)
        {
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, text, new UTF8Encoding(false));
            if (File.Exists(path)) File.Delete(path);
            File.Move(tmp, path);
        }
    }
}

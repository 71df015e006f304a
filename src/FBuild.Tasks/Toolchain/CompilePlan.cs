using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.Boards;
using FBuild.Tasks.Sketch;

namespace FBuild.Tasks.Toolchain
{
    /// <summary>
    /// The board's three compile recipes (recipe.c.o.pattern, recipe.cpp.o.pattern, recipe.S.o.pattern, expanded,
    /// with {includes}, {source_file} and {object_file} left), split once, with full dependency files asked for.
    /// </summary>
    public sealed class CompileRecipes
    {
        private readonly Dictionary<string, List<string>> _byLanguage;

        public CompileRecipes(string c, string cpp, string s)
        {
            _byLanguage = new Dictionary<string, List<string>>(StringComparer.Ordinal)
            {
                ["c"] = CompilePlan.WithFullDependencies(CommandLine.Split(c)),
                ["cpp"] = CompilePlan.WithFullDependencies(CommandLine.Split(cpp)),
                ["S"] = CompilePlan.WithFullDependencies(CommandLine.Split(s)),
            };
        }

        /// <summary>The split recipe of a language ("c", "cpp" or "S").</summary>
        public IReadOnlyList<string> For(string language) => _byLanguage[language];
    }

    /// <summary>
    /// How one source is compiled: its object, its language and the exact command that runs (the recipe with the
    /// includes, source and object filled in, gcc's <c>-MMD</c> turned into <c>-MD</c>, the depfile and its target
    /// named with <c>-MF</c> and <c>-MQ</c>). FBuildCompile runs it; compile_commands.json shows it without the
    /// dependency flags (<see cref="DatabaseArguments"/>). Pure.
    /// </summary>
    public sealed class CompilePlan
    {
        /// <summary>Dependency-file flags: left out of the database, so a tool replaying the command does not overwrite the build's depfiles.</summary>
        private static readonly HashSet<string> DependencyFlags = new HashSet<string>(StringComparer.Ordinal) { "-MD", "-MMD" };

        /// <summary>Dependency-file flags that take a value (the next argument, or joined: <c>-MFx.d</c>).</summary>
        private static readonly string[] DependencyValueFlags = { "-MF", "-MT", "-MQ" };

        private CompilePlan(string source, string objectFile, string language, IReadOnlyList<string> arguments, string depFile, string? precompiledHeader = null, bool isHeader = false, int toolIndex = 0)
        {
            Source = source; ObjectFile = objectFile; Language = language; Arguments = arguments; DepFile = depFile;
            PrecompiledHeader = precompiledHeader; IsHeader = isHeader; ToolIndex = toolIndex;
        }
        /// <summary>Where the compiler is in <see cref="Arguments"/>: 0, or after a launcher (<see cref="ForPrecompiledHeaders"/>).</summary>
        public int ToolIndex { get; }

        /// <summary>The compiler (the tool whose identity records and cache keys take).</summary>
        public string Tool => Arguments[ToolIndex];

        /// <summary>The prefix header this compile includes first (<c>-include</c>) so gcc uses its PCH; null for none.</summary>
        public string? PrecompiledHeader { get; }

        /// <summary>True for a plan that precompiles a header (<see cref="ForHeader"/>): its object is the <c>.gch</c>.</summary>
        public bool IsHeader { get; }

        /// <summary>The source's full path.</summary>
        public string Source { get; }

        /// <summary>The object the command writes.</summary>
        public string ObjectFile { get; }

        /// <summary>"c", "cpp" or "S" (<see cref="SketchLayout.LanguageOf"/>): which recipe compiles the source.</summary>
        public string Language { get; }

        /// <summary>The command that runs, tool first.</summary>
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The depfile the command writes: beside the object, named after it (<see cref="DepFilePath"/>), or the recipe's own -MF.</summary>
        public string DepFile { get; }

        /// <summary>The command as compile_commands.json shows it: <see cref="Arguments"/> without -MD/-MMD and without -MF, -MT, -MQ and their values.</summary>
        public IReadOnlyList<string> DatabaseArguments
        {
            get
            {
                var result = new List<string>(Arguments.Count);
                for (int i = 0; i < Arguments.Count; i++)
                {
                    var a = Arguments[i];
                    if (DependencyFlags.Contains(a)) continue;
                    if (DependencyValueFlags.Contains(a)) { i++; continue; }
                    if (DependencyValueFlags.Any(f => a.StartsWith(f, StringComparison.Ordinal))) continue;
                    result.Add(a);
                }
                return result;
            }
        }

        /// <summary>The -I, -iquote and -isystem folders the command searches for headers, in order, as full paths.</summary>
        public IEnumerable<string> SearchedFolders
        {
            get
            {
                for (int i = 0; i < Arguments.Count; i++)
                {
                    var a = Arguments[i];
                    if ((a == "-iquote" || a == "-isystem" || a == "-I") && i + 1 < Arguments.Count) { yield return Path.GetFullPath(Arguments[++i]); continue; }
                    if (a.StartsWith("-I", StringComparison.Ordinal) && a.Length > 2) yield return Path.GetFullPath(a.Substring(2));
                }
            }
        }

        /// <summary>
        /// The plan of one source item: its object from <paramref name="objectFile"/> (ObjectFile metadata) or
        /// <see cref="ObjectPath"/>, its includes from <see cref="Includes"/>. Null for a file that is not compiled.
        /// </summary>
        public static CompilePlan? For(string source, CompileRecipes recipes, string? objectFile, string? baseDir, string objectDirectory,
            string? ownIncludeDirectories, IEnumerable<string> quoteDirectories, IEnumerable<string> includeDirectories)
        {
            var path = Path.GetFullPath(source);
            if (SketchLayout.LanguageOf(path) is null) return null;
            return Create(path, ObjectPath(path, objectFile, baseDir, objectDirectory), recipes,
                Includes(ownIncludeDirectories, quoteDirectories, includeDirectories));
        }

        /// <summary>The plan compiling <paramref name="source"/> (a full path) into <paramref name="objectFile"/> with <paramref name="includes"/>; null for a file that is not compiled.</summary>
        public static CompilePlan? Create(string source, string objectFile, CompileRecipes recipes, IReadOnlyList<string> includes)
        {
            var language = SketchLayout.LanguageOf(source);
            if (language is null) return null;
            var command = RecipeCommand.Substitute(recipes.For(language),
                new Dictionary<string, string> { ["{source_file}"] = source, ["{object_file}"] = objectFile },
                new Dictionary<string, IReadOnlyList<string>> { ["{includes}"] = includes });
            var depFile = WithDependencyFile(command, objectFile);
            return new CompilePlan(source, objectFile, language, command, depFile);
        }

        /// <summary>The depfile gcc's <c>-MD</c> writes for <paramref name="objectFile"/> when no <c>-MF</c> names one: <c>x.cpp.o</c> → <c>x.cpp.d</c>.</summary>
        public static string DepFilePath(string objectFile) => Path.ChangeExtension(objectFile, ".d");

        /// <summary>
        /// Names the depfile and its target explicitly after <c>-MD</c>: <c>-MF</c> <see cref="DepFilePath"/> and
        /// <c>-MQ</c> the object, which is what gcc writes by default, so the depfile is byte for byte the same and
        /// the object too. A compiler launcher needs them: distcc preprocesses without <c>-o</c>, and its depfile
        /// would otherwise be named after the source, in the folder it runs in. A recipe's own <c>-MF</c>, <c>-MT</c>
        /// or <c>-MQ</c> is kept (and its <c>-MF</c> is the depfile). Returns the depfile.
        /// </summary>
        public static string WithDependencyFile(List<string> command, string objectFile)
        {
            string? own = null;
            bool target = false;
            for (int i = 0; i < command.Count; i++)
            {
                var a = command[i];
                if (a == "-MF" && i + 1 < command.Count) own = command[i + 1];
                else if (a.StartsWith("-MF", StringComparison.Ordinal) && a.Length > 3) own = a.Substring(3);
                if (a.StartsWith("-MT", StringComparison.Ordinal) || a.StartsWith("-MQ", StringComparison.Ordinal)) target = true;
            }
            var depFile = own ?? DepFilePath(objectFile);
            int md = command.IndexOf("-MD");
            if (md < 0) return depFile;
            var added = new List<string>();
            if (own is null) added.AddRange(new[] { "-MF", depFile });
            if (!target) added.AddRange(new[] { "-MQ", objectFile });
            command.InsertRange(md + 1, added);
            return depFile;
        }

        /// <summary>The plan precompiling <paramref name="header"/> (a full path) into <paramref name="gch"/> with the C++ recipe (<c>-x c++-header</c>).</summary>
        public static CompilePlan ForHeader(string header, string gch, CompileRecipes recipes, IReadOnlyList<string> includes)
        {
            var command = RecipeCommand.Substitute(recipes.For("cpp"),
                new Dictionary<string, string> { ["{source_file}"] = header, ["{object_file}"] = gch },
                new Dictionary<string, IReadOnlyList<string>> { ["{includes}"] = includes }).ToList();
            int at = command.IndexOf(header);
            command.InsertRange(at < 0 ? command.Count : at, new[] { "-x", "c++-header" });
            var depFile = WithDependencyFile(command, gch);
            return new CompilePlan(header, gch, "cpp", command, depFile, null, isHeader: true);
        }

        /// <summary>
        /// This plan as a compiler that needs help with PCHs runs it (Debian's avr-gcc 5.4): behind
        /// <paramref name="launcher"/> (<c>setarch -R</c>: the same addresses in every run) and with <c>-g</c> made
        /// <paramref name="debugFlag"/> (<c>-gdwarf-2</c>: stabs cannot be used with a PCH). Unchanged when both are empty.
        /// </summary>
        public CompilePlan ForPrecompiledHeaders(IReadOnlyList<string> launcher, string? debugFlag)
        {
            if (launcher.Count == 0 && string.IsNullOrEmpty(debugFlag)) return this;
            var command = launcher.Concat(Arguments.Select(a => a == "-g" && !string.IsNullOrEmpty(debugFlag) ? debugFlag! : a)).ToList();
            return new CompilePlan(Source, ObjectFile, Language, command, DepFile, PrecompiledHeader, IsHeader, ToolIndex + launcher.Count);
        }

        /// <summary>This plan using the PCH of <paramref name="header"/>: <c>-include HEADER -Winvalid-pch</c> before the source.</summary>
        public CompilePlan WithPrecompiledHeader(string header)
        {
            var command = Arguments.ToList();
            int at = command.IndexOf(Source);
            command.InsertRange(at < 0 ? command.Count : at, new[] { "-include", header, "-Winvalid-pch" });
            return new CompilePlan(Source, ObjectFile, Language, command, DepFile, header, false, ToolIndex);
        }

        /// <summary>The include arguments of a source: its own IncludeDirectories metadata, else -iquote folders and then -I folders.</summary>
        public static List<string> Includes(string? ownIncludeDirectories, IEnumerable<string> quoteDirectories, IEnumerable<string> includeDirectories)
        {
            if (!string.IsNullOrEmpty(ownIncludeDirectories))
                return ownIncludeDirectories!.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(i => "-I" + i.Trim().TrimEnd('/')).ToList();
            return quoteDirectories.SelectMany(q => new[] { "-iquote", q.TrimEnd('/') })
                .Concat(includeDirectories.Select(i => "-I" + i.TrimEnd('/'))).ToList();
        }

        /// <summary>The object path: ObjectFile metadata, else the source's path below BaseDir (or its name) under the object folder, plus .o.</summary>
        public static string ObjectPath(string source, string? objectFile, string? baseDir, string objectDirectory)
        {
            if (!string.IsNullOrEmpty(objectFile)) return objectFile!;
            string rel = Path.GetFileName(source);
            if (!string.IsNullOrEmpty(baseDir))
            {
                var b = Path.GetFullPath(baseDir).TrimEnd('/') + "/";
                if (source.StartsWith(b, StringComparison.Ordinal)) rel = source.Substring(b.Length);
            }
            return Path.Combine(Path.GetFullPath(objectDirectory), rel + ".o");
        }

        /// <summary>The recipe with gcc's -MMD turned into -MD (system headers listed too), or -MD added when it has neither.</summary>
        public static List<string> WithFullDependencies(List<string> recipe)
        {
            var result = recipe.Select(a => a == "-MMD" ? "-MD" : a).ToList();
            if (!result.Contains("-MD") && result.Count > 0) result.Insert(1, "-MD");
            return result;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;

namespace FBuild.Tasks.Build
{
    /// <summary>
    /// Every project file a task's project was evaluated from (the project itself and each file it imported), read
    /// from MSBuild's task host by reflection (TaskHost → its request → the configuration's ProjectInstance →
    /// ImportPaths): MSBuild offers it no other way. Null, with the reason, when this MSBuild does not have them so.
    /// </summary>
    internal static class ProjectImports
    {
        private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public static IReadOnlyList<string>? Of(IBuildEngine engine, out string why)
        {
            why = "";
            try
            {
                var entry = engine.GetType().GetField("_requestEntry", Any)?.GetValue(engine);
                if (entry is null) { why = $"the task host ({engine.GetType().FullName}) has no request entry"; return null; }
                var config = entry.GetType().GetProperty("RequestConfiguration", Any)?.GetValue(entry);
                if (config is null) { why = "the request has no configuration"; return null; }
                var project = config.GetType().GetProperty("Project", Any)?.GetValue(config);
                if (project is null) { why = "the configuration has no project instance"; return null; }
                var type = project.GetType();
                var full = type.GetProperty("FullPath", Any)?.GetValue(project) as string;
                if (!(type.GetProperty("ImportPaths", Any)?.GetValue(project) is IEnumerable<string> imports) || string.IsNullOrEmpty(full))
                {
                    why = "the project instance has no import list";
                    return null;
                }
                return new[] { full! }.Concat(imports).Distinct(StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is TargetInvocationException || e is MemberAccessException || e is InvalidOperationException || e is NotSupportedException)
            {
                why = e.GetBaseException().Message;
                return null;
            }
        }
    }
}

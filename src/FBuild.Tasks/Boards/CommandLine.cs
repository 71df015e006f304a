using System.Collections.Generic;
using System.Text;

namespace FBuild.Tasks.Boards
{
    /// <summary>
    /// Splits recipe command lines the way the Arduino IDE does (whitespace-separated, with <c>"</c> or
    /// <c>'</c> quoting a whole argument, no escapes) and joins argument lists back reversibly.
    /// </summary>
    public static class CommandLine
    {
        public static List<string> Split(string commandLine)
        {
            var args = new List<string>();
            var current = new StringBuilder();
            bool inArg = false;
            char quote = '\0';
            foreach (char c in commandLine)
            {
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else current.Append(c);
                    continue;
                }
                if (c == '"' || c == '\'')
                {
                    quote = c;
                    inArg = true;
                    continue;
                }
                if (char.IsWhiteSpace(c))
                {
                    if (inArg) { args.Add(current.ToString()); current.Clear(); inArg = false; }
                    continue;
                }
                current.Append(c);
                inArg = true;
            }
            if (inArg) args.Add(current.ToString());
            return args;
        }

        /// <summary>Joins arguments so that <see cref="Split"/> returns them unchanged.</summary>
        public static string Join(IEnumerable<string> args)
        {
            var sb = new StringBuilder();
            foreach (var a in args)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(Quote(a));
            }
            return sb.ToString();
        }

        public static string Quote(string a)
        {
            bool plain = a.Length > 0;
            foreach (char c in a) if (char.IsWhiteSpace(c) || c == '"' || c == '\'') { plain = false; break; }
            if (plain) return a;
            char q = a.IndexOf('"') >= 0 ? '\'' : '"';
            return q + a + q;
        }

        /// <summary>Quotes for a POSIX shell, for logs a user can paste.</summary>
        public static string ShellQuote(string a)
        {
            if (a.Length > 0 && a.IndexOfAny(new[] { ' ', '\t', '"', '\'', '$', '`', '\\', '(', ')', '&', ';', '<', '>', '|', '*', '?' }) < 0) return a;
            return "'" + a.Replace("'", "'\\''") + "'";
        }
    }
}

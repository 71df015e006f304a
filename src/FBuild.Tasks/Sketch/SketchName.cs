using System.Linq;

namespace FBuild.Tasks.Sketch
{
    /// <summary>
    /// The Arduino sketch specification's rule for sketch folder names, which the Arduino IDE and <c>arduino-cli
    /// sketch new</c> enforce: a basic letter, digit or underscore first, then basic letters, digits, underscores,
    /// dots and dashes, at most 63 characters. (arduino-cli compiles other names; the IDE will not open or save them.)
    /// </summary>
    public static class SketchName
    {
        /// <summary>The longest name allowed.</summary>
        public const int MaxLength = 63;

        /// <summary>Why <paramref name="name"/> breaks the rule, or null when it follows it.</summary>
        public static string? Problem(string name)
        {
            if (string.IsNullOrEmpty(name)) return "it is empty";
            if (name.Length > MaxLength) return $"it is {name.Length} characters long (at most {MaxLength})";
            if (!IsBasicLetterOrDigit(name[0]) && name[0] != '_') return $"it starts with '{name[0]}' (a letter, digit or '_' must come first)";
            var bad = name.FirstOrDefault(c => !IsBasicLetterOrDigit(c) && c != '_' && c != '.' && c != '-');
            return bad == default(char) ? null : $"it contains '{bad}' (only letters A-Z and a-z, digits, '_', '.' and '-' are allowed)";
        }

        private static bool IsBasicLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

using System;
using System.Collections.Generic;

namespace FBuild.Tasks.Sketch
{
    /// <summary>The preprocessor conditionals (#if/#elif/#else chains) that enclose a point of the sketch.</summary>
    internal sealed class ConditionalContext
    {
        public static readonly ConditionalContext Empty = new ConditionalContext(Array.Empty<ConditionalFrame>());

        public ConditionalContext(ConditionalFrame[] frames)
        {
            Frames = frames;
        }

        public ConditionalFrame[] Frames { get; }

        public int CommonPrefixLength(ConditionalContext other)
        {
            int k = 0;
            while (k < Frames.Length && k < other.Frames.Length &&
                   Frames[k].Id == other.Frames[k].Id && Frames[k].Branch == other.Frames[k].Branch)
            {
                k++;
            }

            return k;
        }

        public string KeyFrom(int start)
        {
            var parts = new List<string>();
            for (int k = start; k < Frames.Length; k++)
            {
                parts.Add(Frames[k].Id + ":" + Frames[k].Branch);
            }

            return string.Join("/", parts);
        }
    }
}

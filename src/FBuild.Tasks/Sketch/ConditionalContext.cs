using System;
using System.Collections.Generic;

namespace FBuild.Tasks.Sketch
{
    /// <summary>The preprocessor conditionals (#if/#elif/#else chains) that enclose a point of the sketch.</summary>
    internal sealed class ConditionalContext
    {
        /// <summary>Outside any conditional.</summary>
        public static readonly ConditionalContext Empty = new ConditionalContext(Array.Empty<ConditionalFrame>());

        public ConditionalContext(ConditionalFrame[] frames)
        {
            Frames = frames;
        }

        /// <summary>The enclosing conditionals, outermost first.</summary>
        public ConditionalFrame[] Frames { get; }

        /// <summary>How many outer frames (same conditional, same branch) this context shares with <paramref name="other"/>.</summary>
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

        /// <summary>A key naming the frames from <paramref name="start"/> on, e.g. "3:0/5:1".</summary>
        public string KeyFrom(int start)
        {
            var parts = new List<string>();
            for (int k = start; k < Frames.Length; k++) parts.Add(Frames[k].Id + ":" + Frames[k].Branch);

            return string.Join("/", parts);
        }
    }
}

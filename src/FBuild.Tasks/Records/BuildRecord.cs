using System;
using System.Collections.Generic;
using System.IO;

namespace FBuild.Tasks.Records
{
    /// <summary>
    /// The build record of one output (<c>OUTPUT.fbstate</c>, an <see cref="InputState"/>) through a build step:
    /// check it (<see cref="WhyStale"/>), then, when the output is redone, drop the old record and observe the inputs
    /// known before the tool runs (<see cref="Begin"/>), and record the inputs afterwards (<see cref="Save"/>), so an
    /// input that changed while the tool ran makes the next build redo the output.
    /// </summary>
    public sealed class BuildRecord
    {
        private IReadOnlyDictionary<string, RecordedInput>? _before;

        /// <summary>The record of <paramref name="output"/> built by a command (and tools) that hash to <paramref name="commandHash"/>.</summary>
        public BuildRecord(string output, string commandHash)
        {
            Output = output;
            CommandHash = commandHash;
            StateFile = output + ".fbstate";
        }

        /// <summary>The output the record is about.</summary>
        public string Output { get; }

        /// <summary>The hash of everything but the input files that decides the output (command line, tool identities).</summary>
        public string CommandHash { get; }

        /// <summary>Where the record is kept: beside the output, as <c>OUTPUT.fbstate</c>.</summary>
        public string StateFile { get; }

        /// <summary>When the inputs were observed before the run (UTC); inputs changed after it count as changed during the run.</summary>
        public DateTime StartedUtc { get; private set; } = DateTime.UtcNow;

        /// <summary>Why the output must be redone, or null if it is current (see <see cref="InputState.WhyStale(string, string, string, bool)"/>).</summary>
        public string? WhyStale(bool refresh) => InputState.WhyStale(Output, StateFile, CommandHash, refresh);

        /// <summary>Drops the old record (a failed run leaves none) and observes <paramref name="knownInputs"/> before the tool runs.</summary>
        public void Begin(IEnumerable<string> knownInputs)
        {
            if (File.Exists(StateFile)) File.Delete(StateFile);
            Observe(knownInputs);
        }

        /// <summary>Observes <paramref name="knownInputs"/> before the work starts, keeping the old record until <see cref="Save"/>.</summary>
        public void Observe(IEnumerable<string> knownInputs)
        {
            _before = InputState.Snapshot(knownInputs);
            StartedUtc = DateTime.UtcNow;
        }

        /// <summary>Records <paramref name="inputs"/> as they are now and writes the record; returns it.</summary>
        public InputState Save(IEnumerable<string> inputs)
        {
            var state = InputState.Capture(CommandHash, inputs, StartedUtc, _before);
            state.Save(StateFile);
            return state;
        }
    }
}

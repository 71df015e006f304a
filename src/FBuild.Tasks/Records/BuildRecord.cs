using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FBuild.Tasks.FileSystem;

namespace FBuild.Tasks.Records
{
    /// <summary>
    /// The build record of one output (<c>OUTPUT.fbstate</c>, an <see cref="InputState"/>) through a build step:
    /// check it (<see cref="WhyStale"/>), then, when the output is redone, drop the old record and observe the inputs
    /// known before the tool runs (<see cref="Begin"/>), and record the inputs afterwards (<see cref="Save"/>), so an
    /// input that changed while the tool ran makes the next build redo the output. The record also keeps the stamps
    /// and digest of the output (and of the step's other outputs, <see cref="Outputs"/>), so an output changed or
    /// deleted behind the build's back is redone too.
    /// </summary>
    public sealed class BuildRecord
    {
        private IReadOnlyDictionary<string, RecordedInput>? _before;

        /// <summary>
        /// The record of <paramref name="output"/> (and <paramref name="otherOutputs"/>, files the same step writes)
        /// built by a command (and tools) that hash to <paramref name="commandHash"/>.
        /// </summary>
        public BuildRecord(string output, string commandHash, IEnumerable<string>? otherOutputs = null)
        {
            Output = output;
            CommandHash = commandHash;
            StateFile = output + ".fbstate";
            var outputs = new List<string> { output };
            if (otherOutputs != null) outputs.AddRange(otherOutputs.Where(o => o != output));
            Outputs = outputs;
        }

        /// <summary>The output the record is about.</summary>
        public string Output { get; }

        /// <summary>Every output the record checks: <see cref="Output"/> first, then the step's other outputs.</summary>
        public IReadOnlyList<string> Outputs { get; }

        /// <summary>The hash of everything but the input files that decides the output (command line, tool identities).</summary>
        public string CommandHash { get; }

        /// <summary>Where the record is kept: beside the output, as <c>OUTPUT.fbstate</c>.</summary>
        public string StateFile { get; }

        /// <summary>When the inputs were observed before the run (UTC); inputs changed after it count as changed during the run.</summary>
        public DateTime StartedUtc { get; private set; } = DateTime.UtcNow;

        /// <summary>
        /// Why the output must be redone, or null if it is current (see <see cref="InputState.WhyStale(string, string, string, bool, Func{string, FileStamp})"/>);
        /// <paramref name="stampOf"/>: where the check gets stamps (the build's shared source stamps, <see cref="BuildStamps.Of"/>), else afresh.
        /// </summary>
        public string? WhyStale(bool refresh, Func<string, FileStamp>? stampOf = null) => InputState.WhyStale(Outputs, true, StateFile, CommandHash, refresh, stampOf);

        /// <summary>
        /// <see cref="WhyStale(bool)"/> that also accepts a recorded failure (<see cref="InputState.WhyRerun"/>): null with
        /// <paramref name="failure"/> set means the step failed last time and nothing it read has changed since.
        /// </summary>
        public string? WhyStale(bool refresh, out RecordedFailure? failure, Func<string, FileStamp>? stampOf = null) =>
            InputState.WhyRerun(Outputs, true, StateFile, CommandHash, refresh, out failure, stampOf);

        /// <summary>
        /// Records a failed run (<see cref="RecordedFailure.IsRecordable"/>) with the <paramref name="inputs"/> it read,
        /// so the next build replays it until one of them changes; a failure that is not recordable leaves no record.
        /// </summary>
        public void SaveFailure(IEnumerable<string> inputs, int exitCode, IReadOnlyList<string> output)
        {
            if (!RecordedFailure.IsRecordable(exitCode, output))
            {
                if (File.Exists(StateFile)) File.Delete(StateFile);
                return;
            }
            var state = InputState.Capture(CommandHash, inputs, StartedUtc, _before);
            state.Failure = new RecordedFailure(exitCode, output.ToList());
            state.Save(StateFile);
        }

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

        /// <summary>Records <paramref name="inputs"/> and the outputs as they are now and writes the record; returns it.</summary>
        public InputState Save(IEnumerable<string> inputs)
        {
            var state = InputState.Capture(CommandHash, inputs, StartedUtc, _before, Outputs);
            state.Save(StateFile);
            return state;
        }
    }
}

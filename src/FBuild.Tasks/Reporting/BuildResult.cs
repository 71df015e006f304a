using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FBuild.Tasks.Reporting
{
    /// <summary>
    /// What a project's compile steps counted: objects rebuilt (compiled or taken from the cache) and the compile
    /// cache's counters, and the remote tier's (hits, misses, errors, uploads, bytes down and up, time spent). In
    /// result.json: objectsRebuilt beside a cache object; in results.json: summed, in one object. The remote's counters
    /// are a "remote" object inside the cache object, written when a remote tier did anything.
    /// </summary>
    public sealed record BuildCounters(long ObjectsRebuilt, long Hits, long Misses, long Stores, long Uncacheable, long Evictions,
        long RemoteHits = 0, long RemoteMisses = 0, long RemoteErrors = 0, long RemoteUploads = 0, long RemoteBytesDown = 0, long RemoteBytesUp = 0, long RemoteMilliseconds = 0)
    {
        /// <summary>Whether a remote tier did anything.</summary>
        public bool RemoteUsed => RemoteHits + RemoteMisses + RemoteErrors + RemoteUploads > 0;

        /// <summary>Nothing counted.</summary>
        public static BuildCounters Zero { get; } = new BuildCounters(0, 0, 0, 0, 0, 0);

        /// <summary>The counters added one by one (null counts as zero).</summary>
        public static BuildCounters Sum(IEnumerable<BuildCounters?> counters) =>
            counters.Aggregate(Zero, (a, c) => c is null ? a : new BuildCounters(a.ObjectsRebuilt + c.ObjectsRebuilt,
                a.Hits + c.Hits, a.Misses + c.Misses, a.Stores + c.Stores, a.Uncacheable + c.Uncacheable, a.Evictions + c.Evictions,
                a.RemoteHits + c.RemoteHits, a.RemoteMisses + c.RemoteMisses, a.RemoteErrors + c.RemoteErrors, a.RemoteUploads + c.RemoteUploads,
                a.RemoteBytesDown + c.RemoteBytesDown, a.RemoteBytesUp + c.RemoteBytesUp, a.RemoteMilliseconds + c.RemoteMilliseconds));

        /// <summary>result.json's cache object (objectsRebuilt is written beside it).</summary>
        internal Dictionary<string, object?> CacheJson()
        {
            var map = new Dictionary<string, object?>
            {
                ["hits"] = Hits, ["misses"] = Misses, ["stores"] = Stores, ["uncacheable"] = Uncacheable, ["evictions"] = Evictions,
            };
            if (RemoteUsed)
            {
                map["remote"] = new Dictionary<string, object?>
                {
                    ["hits"] = RemoteHits, ["misses"] = RemoteMisses, ["errors"] = RemoteErrors, ["uploads"] = RemoteUploads,
                    ["bytesDown"] = RemoteBytesDown, ["bytesUp"] = RemoteBytesUp, ["milliseconds"] = RemoteMilliseconds,
                };
            }
            return map;
        }

        /// <summary>results.json's cache object: objectsRebuilt first, then the cache's counters.</summary>
        /// <summary>The remote tier's part of the summary line ("" when no remote tier did anything).</summary>
        public string RemoteSummary() => !RemoteUsed ? "" : string.Format(CultureInfo.InvariantCulture,
            ", remote {0} hits, {1} misses, {2} errors, {3:0.0} MB down, {4:0.0} MB up, {5:0.00} s",
            RemoteHits, RemoteMisses, RemoteErrors, RemoteBytesDown / 1e6, RemoteBytesUp / 1e6, RemoteMilliseconds / 1000.0);

        internal Dictionary<string, object?> SummaryJson()
        {
            var map = new Dictionary<string, object?> { ["objectsRebuilt"] = ObjectsRebuilt };
            foreach (var kv in CacheJson()) map[kv.Key] = kv.Value;
            return map;
        }

        /// <summary>From result.json's objectsRebuilt and cache object (either may be missing: zero).</summary>
        internal static BuildCounters FromJson(object? objectsRebuilt, object? cache)
        {
            var c = cache as Dictionary<string, object?>;
            long Get(string key) => c != null && c.TryGetValue(key, out var v) ? JsonValues.Long(v) ?? 0 : 0;
            var r = c != null && c.TryGetValue("remote", out var rv) ? rv as Dictionary<string, object?> : null;
            long Remote(string key) => r != null && r.TryGetValue(key, out var v) ? JsonValues.Long(v) ?? 0 : 0;
            return new BuildCounters(JsonValues.Long(objectsRebuilt) ?? 0, Get("hits"), Get("misses"), Get("stores"), Get("uncacheable"), Get("evictions"),
                Remote("hits"), Remote("misses"), Remote("errors"), Remote("uploads"), Remote("bytesDown"), Remote("bytesUp"), Remote("milliseconds"));
        }
    }

    /// <summary>A sketch's program: its hex file and its flash and RAM use against the board's maximums.</summary>
    public sealed record SketchSize(string? Hex, long? FlashBytes, long? FlashMax, long? RamBytes, long? RamMax)
    {
        /// <summary>Flash used, in percent of the maximum (one decimal); null without both.</summary>
        public double? FlashPercent => Percent(FlashBytes, FlashMax);
        /// <summary>RAM used by globals, in percent of the maximum (one decimal); null without both.</summary>
        public double? RamPercent => Percent(RamBytes, RamMax);

        /// <summary>used in percent of max, rounded to one decimal; null when either is unknown or max is zero.</summary>
        public static double? Percent(long? used, long? max) =>
            used is long u && max is long m && m != 0 ? Math.Round(100.0 * u / m, 1) : (double?)null;
    }

    /// <summary>
    /// One project's result (a sketch's or the framework's): what FBuildWriteResult writes as result.json, what
    /// results.json lists and what the fbuild command reads. Optional parts (times, size, libraries, counters,
    /// note) are left out of the JSON when null.
    /// </summary>
    public sealed record ProjectResult
    {
        /// <summary>Kind of a sketch's result.</summary>
        public const string SketchKind = "sketch";
        /// <summary>Kind of the framework's result.</summary>
        public const string FrameworkKind = "framework";
        /// <summary>Status of a project that built.</summary>
        public const string Ok = "ok";
        /// <summary>Status of a project that did not.</summary>
        public const string Failed = "failed";
        /// <summary>Status of a sketch not meant for the board (its support rules exclude it): nothing was built, and it is no failure.</summary>
        public const string Skipped = "skipped";

        /// <summary>"sketch" or "framework".</summary>
        public string? Kind { get; init; }
        public string? Name { get; init; }
        /// <summary>The project file.</summary>
        public string? Project { get; init; }
        /// <summary>The board id (e.g. nano).</summary>
        public string? Board { get; init; }
        /// <summary>The board id and its menu options (e.g. nano-cpu_atmega328old): the folder under the artifacts.</summary>
        public string? BoardKey { get; init; }
        /// <summary>"ok" or "failed".</summary>
        public string? Status { get; init; }
        public double? Seconds { get; init; }
        /// <summary>When the project's build started and ended (DateTime.UtcNow.Ticks).</summary>
        public long? StartTicks { get; init; }
        public long? EndTicks { get; init; }
        /// <summary>The project's build log.</summary>
        public string? Log { get; init; }
        /// <summary>A sketch's program and sizes (none for the framework).</summary>
        public SketchSize? Size { get; init; }
        public IReadOnlyList<string>? Libraries { get; init; }
        public BuildCounters? Counters { get; init; }
        /// <summary>Why there is no result of the project's own (a result the report made up).</summary>
        public string? Note { get; init; }

        public bool IsOk => Status == Ok;

        /// <summary>True when the sketch was skipped (not meant for the board).</summary>
        public bool IsSkipped => Status == Skipped;

        /// <summary>True when the sketch failed (neither built nor skipped).</summary>
        public bool IsFailed => !IsOk && !IsSkipped;

        /// <summary>A failed sketch that wrote no result in this build (evaluation or reference failure, or a stale result).</summary>
        public static ProjectResult Missing(string? name, string project, string boardKey) => new ProjectResult
        {
            Kind = SketchKind, Name = name, Project = project, Board = boardKey, BoardKey = boardKey, Status = Failed,
            Note = "the sketch produced no result in this build (evaluation or reference failure)",
        };

        /// <summary>The JSON value (a map in result.json's key order) that Json.Serialize writes.</summary>
        public Dictionary<string, object?> ToJsonValue()
        {
            var map = new Dictionary<string, object?>
            {
                ["kind"] = Kind, ["name"] = Name, ["project"] = Project, ["board"] = Board, ["boardKey"] = BoardKey,
                ["status"] = Status, ["seconds"] = Seconds,
            };
            if (StartTicks != null) map["startTicks"] = StartTicks;
            if (EndTicks != null) map["endTicks"] = EndTicks;
            map["log"] = Log;
            if (Size != null)
            {
                map["hex"] = Size.Hex;
                map["flashBytes"] = Size.FlashBytes;
                map["flashMax"] = Size.FlashMax;
                map["flashPercent"] = Size.FlashPercent;
                map["ramBytes"] = Size.RamBytes;
                map["ramMax"] = Size.RamMax;
                map["ramPercent"] = Size.RamPercent;
            }
            if (Libraries != null) map["libraries"] = Libraries.Cast<object?>().ToList();
            if (Counters != null)
            {
                map["objectsRebuilt"] = Counters.ObjectsRebuilt;
                map["cache"] = Counters.CacheJson();
            }
            if (Note != null) map["note"] = Note;
            return map;
        }

        /// <summary>result.json's text.</summary>
        public string ToJson() => Json.Serialize(ToJsonValue());

        /// <summary>Reads result.json's text; throws FormatException when it is not a JSON object.</summary>
        public static ProjectResult Parse(string json) =>
            FromJsonValue(Json.Parse(json) as Dictionary<string, object?> ?? throw new FormatException("A result is a JSON object."));

        /// <summary>From a parsed JSON object; values of the wrong type read as null.</summary>
        public static ProjectResult FromJsonValue(Dictionary<string, object?> map)
        {
            object? Get(string key) => map.TryGetValue(key, out var v) ? v : null;
            string? Str(string key) => Get(key) as string;
            long? Long(string key) => JsonValues.Long(Get(key));
            return new ProjectResult
            {
                Kind = Str("kind"), Name = Str("name"), Project = Str("project"), Board = Str("board"), BoardKey = Str("boardKey"),
                Status = Str("status"), Seconds = JsonValues.Double(Get("seconds")), StartTicks = Long("startTicks"), EndTicks = Long("endTicks"),
                Log = Str("log"),
                Size = map.ContainsKey("flashBytes") || map.ContainsKey("hex")
                    ? new SketchSize(Str("hex"), Long("flashBytes"), Long("flashMax"), Long("ramBytes"), Long("ramMax")) : null,
                Libraries = Get("libraries") is List<object?> libs ? libs.OfType<string>().ToList() : null,
                Counters = map.ContainsKey("objectsRebuilt") || map.ContainsKey("cache") ? BuildCounters.FromJson(Get("objectsRebuilt"), Get("cache")) : null,
                Note = Str("note"),
            };
        }
    }

    /// <summary>The phases of a traversal build, in seconds: stage 1 (the framework's archives), stage 2 (the sketches after it), total.</summary>
    public sealed record BuildPhases(double Stage1Archives, double Stage2Sketches, double Total)
    {
        /// <summary>
        /// The phases from their instants (ticks): stage 1 from the framework's start to its result; stage 2 from
        /// there to the last sketch's result; total from the build's start to the report. Never negative.
        /// </summary>
        public static BuildPhases Measure(long start, long frameworkStart, long frameworkEnd, long sketchesEnd, long end) =>
            new BuildPhases(
                Math.Max(0, (frameworkEnd - frameworkStart) / 1e7),
                Math.Max(0, (Math.Max(sketchesEnd, frameworkEnd) - frameworkEnd) / 1e7),
                Math.Max(0, (end - start) / 1e7));

        /// <summary>results.json's phases object (seconds rounded to milliseconds).</summary>
        internal Dictionary<string, object?> ToJsonValue() => new Dictionary<string, object?>
        {
            ["stage1_archives"] = Math.Round(Stage1Archives, 3), ["stage2_sketches"] = Math.Round(Stage2Sketches, 3), ["total"] = Math.Round(Total, 3),
        };
    }

    /// <summary>
    /// One board's report of a traversal build (results.json): the framework's and the sketches' results, the
    /// phases, and figures summed from them.
    /// </summary>
    public sealed record BoardReport
    {
        public string? Board { get; init; }
        public string? BoardKey { get; init; }
        public DateTime GeneratedUtc { get; init; }
        public BuildPhases Phases { get; init; } = new BuildPhases(0, 0, 0);
        /// <summary>The framework's result in this build, if it wrote one.</summary>
        public ProjectResult? Framework { get; init; }
        public IReadOnlyList<ProjectResult> Sketches { get; init; } = Array.Empty<ProjectResult>();

        public int OkCount => Sketches.Count(s => s.IsOk);
        public int FailedCount => Sketches.Count(s => s.IsFailed);
        /// <summary>Sketches not meant for this board.</summary>
        public int SkippedCount => Sketches.Count(s => s.IsSkipped);
        /// <summary>The counters of the framework and all sketches, summed.</summary>
        public BuildCounters Counters => BuildCounters.Sum(new[] { Framework }.Concat(Sketches).Select(r => r?.Counters));

        /// <summary>The JSON value (a map in results.json's key order).</summary>
        public Dictionary<string, object?> ToJsonValue() => new Dictionary<string, object?>
        {
            ["board"] = Board,
            ["boardKey"] = BoardKey,
            ["generatedUtc"] = GeneratedUtc.ToString("o", CultureInfo.InvariantCulture),
            ["summary"] = new Dictionary<string, object?> { ["sketches"] = Sketches.Count, ["ok"] = OkCount, ["failed"] = FailedCount, ["skipped"] = SkippedCount },
            ["phases"] = Phases.ToJsonValue(),
            ["cache"] = Counters.SummaryJson(),
            ["framework"] = Framework?.ToJsonValue(),
            ["sketches"] = Sketches.Select(s => s.ToJsonValue()).ToList(),
        };

        /// <summary>results.json's text.</summary>
        public string ToJson() => Json.Serialize(ToJsonValue()) + "\n";

        /// <summary>Reads results.json's text; throws FormatException when it is not a JSON object.</summary>
        public static BoardReport Parse(string json)
        {
            var map = Json.Parse(json) as Dictionary<string, object?> ?? throw new FormatException("A report is a JSON object.");
            object? Get(IDictionary<string, object?>? m, string key) => m != null && m.TryGetValue(key, out var v) ? v : null;
            var phases = Get(map, "phases") as Dictionary<string, object?>;
            double Phase(string key) => JsonValues.Double(Get(phases, key)) ?? 0;
            return new BoardReport
            {
                Board = Get(map, "board") as string,
                BoardKey = Get(map, "boardKey") as string,
                GeneratedUtc = Get(map, "generatedUtc") is string g && DateTime.TryParse(g, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : default,
                Phases = new BuildPhases(Phase("stage1_archives"), Phase("stage2_sketches"), Phase("total")),
                Framework = Get(map, "framework") is Dictionary<string, object?> fw ? ProjectResult.FromJsonValue(fw) : null,
                Sketches = Get(map, "sketches") is List<object?> list
                    ? list.OfType<Dictionary<string, object?>>().Select(ProjectResult.FromJsonValue).ToList() : new List<ProjectResult>(),
            };
        }
    }

    /// <summary>Numbers as Json.Parse gives them (long or double), read as one type.</summary>
    internal static class JsonValues
    {
        public static long? Long(object? v) => v is long l ? l : v is double d ? (long)d : (long?)null;

        public static double? Double(object? v) => v is double d ? d : v is long l ? l : (double?)null;

        /// <summary>A whole number in invariant text, or null.</summary>
        public static long? ParseLong(string? s) =>
            long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;
    }
}

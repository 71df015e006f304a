using System.Diagnostics;

namespace FBuild.Cli.CompileMany;

/// <summary>The progress line on a terminal: sketches done/total, failures so far, elapsed; redrawn in place.</summary>
public sealed class ProgressLine : IDisposable
{
    private readonly ProgressLogger _progress;
    private readonly int _total;
    private readonly Stopwatch _clock;
    private readonly TextWriter _out;
    private readonly Timer _timer;
    private readonly object _lock = new();
    private bool _shown;

    public ProgressLine(ProgressLogger progress, int total, Stopwatch clock, TextWriter output)
    {
        (_progress, _total, _clock, _out) = (progress, total, clock, output);
        _timer = new Timer(_ => Draw(), null, 0, 250);
    }

    public static string Text(int done, int total, int failed, TimeSpan elapsed) =>
        $"[fbuild] {done}/{total} sketches, {failed} failed, {elapsed.TotalSeconds:0.0} s";

    private void Draw()
    {
        lock (_lock)
        {
            _out.Write("\r\u001b[K" + Text(_progress.Done, _total, _progress.Failed, _clock.Elapsed));
            _out.Flush();
            _shown = true;
        }
    }

    /// <summary>Writes build messages above the progress line.</summary>
    public void Write(string text)
    {
        lock (_lock)
        {
            if (_shown) _out.Write("\r\u001b[K");
            _out.Write(text);
            _shown = false;
        }
    }

    public void Finish()
    {
        _timer.Dispose();
        lock (_lock) { Draw(); _out.WriteLine(); }
    }

    public void Dispose() => _timer.Dispose();
}

using System.Diagnostics;
using FBuild.Tasks.Toolchain;

namespace FBuild.Tasks.Tests;

/// <summary>Timing-sensitive: run alone, not beside the process-spawning tests of other classes.</summary>
[CollectionDefinition("slot gate", DisableParallelization = true)]
public sealed class SlotGateCollection { }

[Collection("slot gate")]
public sealed class SlotGateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fbuild-slots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task TwoSlots_ThirdWaitsUntilOneIsReleased()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var sw = Stopwatch.StartNew();
        var first = SlotGate.Acquire(_dir, 2, cts.Token);
        var second = SlotGate.Acquire(_dir, 2, cts.Token);
        Assert.True(sw.Elapsed < TimeSpan.FromMilliseconds(500), "two free slots should be taken at once");
        Assert.True(File.Exists(Path.Combine(_dir, "slot0.lock")));
        Assert.True(File.Exists(Path.Combine(_dir, "slot1.lock")));

        var third = Task.Run(() => SlotGate.Acquire(_dir, 2, cts.Token));
        await Task.Delay(250);
        Assert.False(third.IsCompleted, "a third acquisition must wait while both slots are held");

        first.Dispose();
        var done = await Task.WhenAny(third, Task.Delay(1000));
        Assert.Same(third, done);
        using var thirdSlot = await third;
        second.Dispose();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task WaitingAcquisitionHonoursCancellation()
    {
        using var held = SlotGate.Acquire(_dir, 1, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var waiting = Task.Run(() => SlotGate.Acquire(_dir, 1, cts.Token));
        var done = await Task.WhenAny(waiting, Task.Delay(2000));
        Assert.Same(waiting, done);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void ZeroSlotsMeansNoLimit()
    {
        var all = Enumerable.Range(0, 5).Select(_ => SlotGate.Acquire(_dir, 0, CancellationToken.None)).ToList();
        foreach (var s in all) s.Dispose();
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void SlotsAreLockedForOtherProcesses()
    {
        const string flock = "/usr/bin/flock";
        if (!File.Exists(flock)) return;

        int TryLockFromAnotherProcess(string file)
        {
            var psi = new ProcessStartInfo(flock) { UseShellExecute = false, RedirectStandardError = true };
            foreach (var a in new[] { "-n", "-E", "42", file, "true" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }

        var slot0 = Path.Combine(_dir, "slot0.lock");
        var slot1 = Path.Combine(_dir, "slot1.lock");
        var a = SlotGate.Acquire(_dir, 2, CancellationToken.None);
        var b = SlotGate.Acquire(_dir, 2, CancellationToken.None);
        try
        {
            Assert.Equal(42, TryLockFromAnotherProcess(slot0));
            Assert.Equal(42, TryLockFromAnotherProcess(slot1));
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
        Assert.Equal(0, TryLockFromAnotherProcess(slot0));
        Assert.Equal(0, TryLockFromAnotherProcess(slot1));
    }

    [Fact]
    public async Task SlotHeldByAnotherProcessIsNotTaken()
    {
        const string flock = "/usr/bin/flock";
        if (!File.Exists(flock)) return;
        Directory.CreateDirectory(_dir);
        var slot0 = Path.Combine(_dir, "slot0.lock");

        // Another process (another MSBuild node) holds the only slot for a moment.
        var psi = new ProcessStartInfo(flock) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { slot0, "-c", "echo locked; sleep 0.6" }) psi.ArgumentList.Add(arg);
        using var holder = Process.Start(psi)!;
        Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());

        var sw = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using (SlotGate.Acquire(_dir, 1, cts.Token))
        {
            // The holder sleeps 0.6 s after saying it has the lock.
            Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(300), $"the slot was taken after {sw.Elapsed.TotalMilliseconds} ms while another process held it");
        }
        Assert.True(holder.WaitForExit(2000));
    }
}

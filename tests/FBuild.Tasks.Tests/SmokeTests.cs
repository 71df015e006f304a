namespace FBuild.Tasks.Tests;

public class SmokeTests
{
    [Fact]
    public void TaskAssemblyTargetsNetStandard()
    {
        var asm = typeof(FBuild.Tasks.FBuildErrors).Assembly;
        Assert.Equal("FBuild.Tasks", asm.GetName().Name);
    }
}

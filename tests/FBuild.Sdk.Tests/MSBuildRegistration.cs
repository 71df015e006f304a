using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace FBuild.Sdk.Tests;

/// <summary>Registers the installed .NET SDK's MSBuild before any test touches a Microsoft.Build type.</summary>
internal static class MSBuildRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        if (MSBuildLocator.IsRegistered) return;
        // The newest SDK's MSBuild, as the fbuild command picks it.
        MSBuildLocator.RegisterInstance(MSBuildLocator.QueryVisualStudioInstances().OrderByDescending(i => i.Version).First());
    }
}

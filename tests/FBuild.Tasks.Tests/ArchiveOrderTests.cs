using FBuild.Tasks.Build;

namespace FBuild.Tasks.Tests;

public class ArchiveOrderTests
{
    [Fact]
    public void AssemblerThenCThenCpp_EachOrdinal_FromSuffixes()
    {
        var objects = new[]
        {
            ("/o/core/main.cpp.o", ""),
            ("/o/core/WInterrupts.c.o", ""),
            ("/o/core/wiring_pulse.S.o", ""),
            ("/o/core/HardwareSerial.cpp.o", ""),
            ("/o/core/hooks.c.o", ""),
            ("/o/core/abi.cpp.o", ""),
            ("/o/core/Zed.S.o", ""),
            ("/o/core/a.S.o", ""),
        };

        var ordered = FBuildArchive.OrderMembers(objects).ToList();

        Assert.Equal(new[]
        {
            // Ordinal: upper case before lower case.
            "/o/core/Zed.S.o", "/o/core/a.S.o", "/o/core/wiring_pulse.S.o",
            "/o/core/WInterrupts.c.o", "/o/core/hooks.c.o",
            "/o/core/HardwareSerial.cpp.o", "/o/core/abi.cpp.o", "/o/core/main.cpp.o",
        }, ordered);
    }

    [Fact]
    public void LanguageMetadataWinsOverTheSuffix()
    {
        var objects = new[]
        {
            ("/o/a.o", "cpp"),
            ("/o/b.o", "c"),
            ("/o/c.o", "S"),
            // Suffix says .c, metadata says C++: C++ it is.
            ("/o/d.c.o", "cpp"),
            // Suffix says .cpp, metadata says assembler.
            ("/o/e.cpp.o", "S"),
        };

        Assert.Equal(new[] { "/o/c.o", "/o/e.cpp.o", "/o/b.o", "/o/a.o", "/o/d.c.o" }, FBuildArchive.OrderMembers(objects));
    }

    [Fact]
    public void MixedMetadataAndSuffixes()
    {
        var objects = new[]
        {
            ("/o/x.cpp.o", ""),
            ("/o/y.o", "c"),
            ("/o/z.S.o", ""),
            ("/o/w.c.o", ""),
        };
        Assert.Equal(new[] { "/o/z.S.o", "/o/w.c.o", "/o/y.o", "/o/x.cpp.o" }, FBuildArchive.OrderMembers(objects));
    }

    [Fact]
    public void LowerCaseSIsNotAssembler()
    {
        // ".s.o" is not ".S.o": without metadata it falls through to C++ (the IDE only compiles .S).
        var objects = new[] { ("/o/b.cpp.o", ""), ("/o/a.s.o", ""), ("/o/c.c.o", "") };
        Assert.Equal(new[] { "/o/c.c.o", "/o/a.s.o", "/o/b.cpp.o" }, FBuildArchive.OrderMembers(objects));
    }

    [Fact]
    public void OrdinalPathOrderAcrossFolders()
    {
        var objects = new[] { ("/o/lib/b/x.cpp.o", ""), ("/o/lib/a/z.cpp.o", ""), ("/o/lib/a/Y.cpp.o", "") };
        Assert.Equal(new[] { "/o/lib/a/Y.cpp.o", "/o/lib/a/z.cpp.o", "/o/lib/b/x.cpp.o" }, FBuildArchive.OrderMembers(objects));
    }

    [Fact]
    public void AFoldersFilesComeBeforeItsSubfoldersAsArduinoBuilderWalksTheSAMDCore()
    {
        // arduino-builder's core.a for ArduinoCore-samd 1.8.14 (cores/arduino with USB/, api/ and compact/): a folder's
        // files first, then its subfolders, each by ordinal name; a plain ordinal sort put USB/ before WInterrupts.c.
        var objects = new[]
        {
            "/o/USB/samd21_host.c.o", "/o/WInterrupts.c.o", "/o/compact/dtostrf.c.o", "/o/cortex_handlers.c.o",
            "/o/Reset.cpp.o", "/o/USB/CDC.cpp.o", "/o/USB/USBCore.cpp.o", "/o/api/Print.cpp.o", "/o/main.cpp.o", "/o/pulse_asm.S.o",
        }.Select(p => (p, ""));
        Assert.Equal(new[]
        {
            "/o/pulse_asm.S.o", "/o/WInterrupts.c.o", "/o/cortex_handlers.c.o", "/o/USB/samd21_host.c.o", "/o/compact/dtostrf.c.o",
            "/o/Reset.cpp.o", "/o/main.cpp.o", "/o/USB/CDC.cpp.o", "/o/USB/USBCore.cpp.o", "/o/api/Print.cpp.o",
        }, FBuildArchive.OrderMembers(objects));
    }

    [Fact]
    public void Empty()
    {
        Assert.Empty(FBuildArchive.OrderMembers(Array.Empty<(string, string)>()));
    }
}

public class LibraryLinkOrderTests
{
    [Fact]
    public void ALibrarysObjectsAreLinkedFolderByFolderAsArduinoBuilderCompilesThem()
    {
        // arduino-builder's CompileFilesRecursive: a folder's .S, .c, .cpp, then its subfolders (Wire: src/Wire.cpp, then src/utility/twi.c).
        var objects = new[] { ("/o/Wire/src/utility/twi.c.o", "c"), ("/o/Wire/src/Wire.cpp.o", "cpp"), ("/o/Wire/src/a.c.o", "c"), ("/o/Wire/src/b/x.S.o", "S") };
        Assert.Equal(new[] { "/o/Wire/src/a.c.o", "/o/Wire/src/Wire.cpp.o", "/o/Wire/src/b/x.S.o", "/o/Wire/src/utility/twi.c.o" },
            FBuild.Tasks.Build.FBuildLink.OrderLibraryObjects(objects));
    }
}

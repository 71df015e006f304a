using FBuild.Tasks.Sketch;

namespace FBuild.Tasks.Tests;

/// <summary>
/// Function signatures inside #if/#ifdef/#elif/#else: every branch gets its prototype under the same conditions, so
/// that whichever branch the compiler keeps (defines from the command line, the board, Directory.Build.props or the
/// sketch) has its prototype (issue 17).
/// </summary>
public class InoConditionalTests
{
    private const string Dir = "/home/u/Sketch";
    private const string Main = Dir + "/Sketch.ino";

    /// <summary>The sketch of issue 17 (the construct of arduino-cli's SketchWithFunctionSignatureInsideIfdef), spread over the lines the tests below count.</summary>
    internal const string Adalight =
        "void setup() {}\n\nvoid loop() {\n  // the value is unused\n  int8_t newData = adalight();\n\n}\n\n\n" +
        "//#define ADALIGHT_USE_TEMPLATE\n\n#ifdef ADALIGHT_USE_TEMPLATE\nint16_t adalight()\n#else\nint8_t adalight()\n#endif\n" +
        "{\n  // no frame yet\n  return 0;\n}\n";

    private static string Gen(string text) => InoPreprocessor.Generate(new[] { (Main, text) });

    private static string L(int line) => $"#line {line} \"{Main}\"\n";

    [Fact]
    public void SignatureSplitByIfdefElse_GetsOnePrototypePerBranch()
    {
        string expected =
            "#include <Arduino.h>\n" + L(1) +
            L(1) + "void setup();\n" + L(3) + "void loop();\n" +
            "#ifdef ADALIGHT_USE_TEMPLATE\n" + L(13) + "int16_t adalight();\n#endif\n" +
            "#ifdef ADALIGHT_USE_TEMPLATE\n#else\n" + L(15) + "int8_t adalight();\n#endif\n" +
            L(1) + Adalight + "\n";
        Assert.Equal(expected, Gen(Adalight));
    }

    [Fact]
    public void DefineBetweenTheSectionAndTheDefinition_IsInEffectForThePrototype()
    {
        string text = Adalight.Replace("//#define", "#define");
        string output = Gen(text);
        string pushed = "#pragma push_macro(\"ADALIGHT_USE_TEMPLATE\")\n#undef ADALIGHT_USE_TEMPLATE\n#define ADALIGHT_USE_TEMPLATE\n";
        string popped = "#pragma pop_macro(\"ADALIGHT_USE_TEMPLATE\")\n";
        Assert.Contains(
            L(3) + "void loop();\n" +
            pushed + "#ifdef ADALIGHT_USE_TEMPLATE\n" + L(13) + "int16_t adalight();\n#endif\n" + popped +
            pushed + "#ifdef ADALIGHT_USE_TEMPLATE\n#else\n" + L(15) + "int8_t adalight();\n#endif\n" + popped + L(1),
            output);
    }

    [Fact]
    public void UndefUnderOtherConditionals_IsLeftToTheCompiler()
    {
        string text = "void setup() { f(); }\n#ifdef B\n#undef A\n#endif\n#ifdef A\nint f() { return 1; }\n#endif\n";
        Assert.DoesNotContain("push_macro", Gen(text));
    }

    [Fact]
    public void SignatureWithoutElse_TheImplicitBranchGetsItsPrototypeToo()
    {
        string text = "void setup() { foo(1); }\nvoid loop() {}\n#ifdef X\nstatic\n#endif\nvoid foo(int a) {}\n";
        string output = Gen(text);
        Assert.Contains("#ifdef X\n" + L(6) + "static void foo(int a);\n#endif\n#ifdef X\n#else\n" + L(6) + "void foo(int a);\n#endif\n", output);
    }

    [Fact]
    public void ParameterListSplitByElif_EachBranchHasItsPrototype()
    {
        string text =
            "void setup() { f(1); }\nvoid loop() {}\n" +
            "void f(\n#if A == 1\nint a\n#elif A == 2\nlong a\n#else\nchar a\n#endif\n) {}\n";
        string output = Gen(text);
        Assert.Contains("#if A == 1\n" + L(3) + "void f( int a);\n#endif\n", output.Replace("f(int", "f( int"));
        Assert.Contains("#elif A == 2\n" + L(3), output);
        Assert.Contains("#else\n" + L(3), output);
        Assert.Equal(3, output.Split("void f(").Length - 2);
    }

    [Fact]
    public void WholeDefinitionsInBranches_KeepTheirOwnConditions()
    {
        string text = "#ifdef A\nint g() { return 1; }\n#else\nlong g() { return 2; }\n#endif\nvoid setup() { g(); }\n";
        string output = Gen(text);
        Assert.StartsWith(
            "#include <Arduino.h>\n" + L(1) + "#ifdef A\n" + L(2) + "int g();\n#endif\n#ifdef A\n#else\n" + L(4) + "long g();\n#endif\n" +
            L(6) + "void setup();\n" + L(1) + "#ifdef A\n",
            output);
    }

    [Fact]
    public void SameHeadInEveryBranch_IsOnePrototype()
    {
        string text = "void setup() {}\nint h()\n#ifdef A\n// a\n#else\n// b\n#endif\n{ return 0; }\n";
        string output = Gen(text);
        Assert.Single(output.Split('\n'), line => line == "int h();");
        Assert.DoesNotContain("#ifdef A\n#line", output);
    }

    [Fact]
    public void ConditionalInsideTheBody_DoesNotSplitTheSignature()
    {
        string text = "int k()\n#if defined(A)\n#endif\n{\n#ifdef B\n  return 1;\n#else\n  return 2;\n#endif\n}\nvoid setup() { k(); }\n";
        string output = Gen(text);
        Assert.Contains(L(1) + "int k();\n" + L(11) + "void setup();\n", output);
    }

    [InoToolchainTheory]
    [Trait("Category", "Toolchain")]
    [InlineData("")]
    [InlineData("-DADALIGHT_USE_TEMPLATE")]
    public void IssueSketch_CompilesWithAndWithoutTheDefine(string defines)
    {
        AssertCompiles(Adalight, defines);
        AssertCompiles(Adalight.Replace("//#define", "#define"), defines);
        AssertCompiles(Adalight.Replace("//#define ADALIGHT_USE_TEMPLATE", "#undef ADALIGHT_USE_TEMPLATE"), defines);
    }

    [InoToolchainTheory]
    [Trait("Category", "Toolchain")]
    [InlineData("")]
    [InlineData("-DX")]
    [InlineData("-DA=1")]
    [InlineData("-DA=2 -DX")]
    public void SplitSignatures_CompileWhateverIsDefined(string defines)
    {
        string text =
            "void setup() { foo(1); f(2); }\nvoid loop() {}\n" +
            "#ifdef X\nstatic\n#endif\nvoid foo(int a) { (void)a; }\n" +
            "void f(\n#if A == 1\nint a\n#elif A == 2\nlong a\n#else\nchar a\n#endif\n) { (void)a; }\n";
        AssertCompiles(text, defines);
    }

    /// <summary>
    /// Conditionals inside a split signature: h's return type is split by #ifdef B inside #ifdef A's branch, k's
    /// return type by #ifdef A and then its parameters by #ifdef B. Every combination has its prototype.
    /// </summary>
    internal const string NestedSplits =
        "void setup() { h(); k(1); }\nvoid loop() {}\n" +
        "#ifdef A\n#ifdef B\nint16_t\n#else\nint32_t\n#endif\nh()\n#else\nint8_t h()\n#endif\n{ return 0; }\n" +
        "#ifdef A\nint16_t\n#else\nint8_t\n#endif\n#ifdef B\nk(int a)\n#else\nk(long a)\n#endif\n{ return (int8_t)a; }\n";

    [Fact]
    public void ConditionalsNestedInASplitSignature_EveryCombinationHasItsPrototype()
    {
        string output = Gen(NestedSplits);
        string[] expected =
        {
            "#ifdef B\n" + L(9) + "int16_t h();\n#endif\n",
            "#ifdef B\n#else\n" + L(9) + "int32_t h();\n#endif\n",
            "#ifdef A\n#else\n" + L(11) + "int8_t h();\n#endif\n",
            "int16_t k(int a);", "int16_t k(long a);", "int8_t k(int a);", "int8_t k(long a);",
        };
        foreach (string e in expected) Assert.True(output.Contains(e, StringComparison.Ordinal), e + "\nnot in:\n" + output);
    }

    [InoToolchainTheory]
    [Trait("Category", "Toolchain")]
    [InlineData("")]
    [InlineData("-DA")]
    [InlineData("-DB")]
    [InlineData("-DA -DB")]
    public void NestedSplitSignatures_CompileWhateverIsDefined(string defines) => AssertCompiles(NestedSplits, defines);

    private static void AssertCompiles(string text, string defines)
    {
        string dir = Directory.CreateTempSubdirectory("ino-cond-").FullName;
        try
        {
            string cpp = Path.Combine(dir, "Sketch.ino.cpp");
            File.WriteAllText(cpp, InoPreprocessor.Generate(new[] { (Path.Combine(dir, "Sketch.ino"), text) }));
            (int exit, string errors) = InoToolchain.SyntaxCheck(cpp, dir, defines.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(exit == 0, errors + "\n" + File.ReadAllText(cpp));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>A theory that is skipped when the avr-gcc toolchain is not installed.</summary>
public sealed class InoToolchainTheoryAttribute : TheoryAttribute
{
    public InoToolchainTheoryAttribute(string tool = InoToolchain.AvrGpp)
    {
        if (!File.Exists(tool))
        {
            Skip = tool + " is not installed";
        }
    }
}

# Sourced by the bench scripts (runtime.sh, targets.sh): the SDK packed from this checkout into a private feed and a
# private NuGet cache, and Arduino's examples as a corpus that restores from that feed only, so that another
# checkout packing meanwhile cannot swap the SDK under a measurement.

# private_sdk ROOT WORK: eng/pack.sh (output to stderr), the package copied to WORK/feed, NUGET_PACKAGES=WORK/nuget.
private_sdk() {
  local version
  "$1/eng/pack.sh" >&2
  version="$(sed -n 's:.*<FBuildVersion>\(.*\)</FBuildVersion>.*:\1:p' "$1/src/Directory.Build.props")"
  mkdir -p "$2/feed"
  cp "$1/artifacts/feed/FBuild.Sdk.$version.nupkg" "$2/feed/"
  export NUGET_PACKAGES="$2/nuget"
}

# examples_on_feed ROOT WORK CORPUS: eng/examples-corpus.sh CORPUS 1 with a NuGet.config naming WORK/feed only, and
# the SDK resolved (extracted) once, outside any measurement.
examples_on_feed() {
  "$1/eng/examples-corpus.sh" "$3" 1 >/dev/null
  cat > "$3/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="fbuild-bench" value="$2/feed" /></packageSources></configuration>
XML
  (cd "$3" && dotnet msbuild Sketches.proj -p:Board=uno -getProperty:UsingFBuildSdk >/dev/null)
}

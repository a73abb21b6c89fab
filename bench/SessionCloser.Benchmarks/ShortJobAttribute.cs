using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace SessionCloser.Benchmarks;

/// <summary>
/// BenchmarkDotNet's <c>--job short</c> (one launch, three warm-ups) with five measured iterations instead of three:
/// with three, the 99.9 % error bars are wider than the means on a shared two-core box.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortJobAttribute() : JobConfigBaseAttribute(Job.ShortRun.WithIterationCount(5).WithId("Short5"));

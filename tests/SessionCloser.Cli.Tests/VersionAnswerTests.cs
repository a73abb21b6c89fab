using System.IO.Pipes;
using System.Text;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// <c>--version</c> alone is written with write(2) on the descriptor (no console set-up); when that fails, the console's
/// stream writes it, and answers the failure as it always has.
/// </summary>
public sealed class VersionAnswerTests
{
    [Fact]
    public async Task The_line_is_written_to_the_descriptor_itself()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no descriptors: the console's stream writes it (next test)
        }

        using var reader = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using (var writer = reader.ClientSafePipeHandle)
        {
            VersionAnswer.WriteTo(writer.DangerousGetHandle(), () => throw new InvalidOperationException("the console's stream was used")).Should().Be(0);
        }

        reader.DisposeLocalCopyOfClientHandle();
        using var text = new StreamReader(reader, Encoding.UTF8);
        (await text.ReadToEndAsync(TestContext.Current.CancellationToken)).Should().Be(VersionAnswer.Text + "\n");
    }

    [Fact]
    public void A_descriptor_that_cannot_be_written_hands_the_line_to_the_console_stream()
    {
        // The read end of a pipe: write(2) fails with EBADF.
        using var readEnd = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var console = new MemoryStream();

        VersionAnswer.WriteTo(readEnd.SafePipeHandle.DangerousGetHandle(), () => console).Should().Be(0);

        Encoding.UTF8.GetString(console.ToArray()).Should().Be(VersionAnswer.Text + "\n");
    }
}

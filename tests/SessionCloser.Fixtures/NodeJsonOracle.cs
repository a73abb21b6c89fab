using System.Diagnostics;
using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>
/// Runs real Node <c>JSON.stringify(JSON.parse(text), null, indent)</c> over many inputs in one process
/// (start-up costs ~50 ms). Inputs travel as files named by argv; no JS source is built from data.
/// </summary>
public static class NodeJsonOracle
{
    private const string Script = """
        const fs = require('fs');
        const path = require('path');
        const [dir, countText, indentText] = process.argv.slice(2);
        const indent = Number(indentText);
        for (let i = 0; i < Number(countText); i++) {
          const input = fs.readFileSync(path.join(dir, `${i}.json`), 'utf8');
          let output;
          try {
            const value = JSON.parse(input);
            const doomed = path.join(dir, `${i}.delete`);
            if (fs.existsSync(doomed)) {
              for (const key of JSON.parse(fs.readFileSync(doomed, 'utf8'))) delete value[key];
            }
            output = 'ok:' + JSON.stringify(value, null, indent);
          } catch (e) {
            output = 'error:' + e.message;
          }
          fs.writeFileSync(path.join(dir, `${i}.out`), output);
        }
        """;

    /// <summary>One result per input: the stringified text, or <c>error:…</c> when JSON.parse threw.</summary>
    public static IReadOnlyList<string> StringifyAll(IReadOnlyList<string> inputs, int indent = 2) =>
        StringifyAll([.. inputs.Select(i => (i, (IReadOnlyList<string>?)null))], indent);

    /// <summary>What OpenClaw would write after deleting <paramref name="keys"/>: JSON.stringify(parsed minus keys, null, 2).</summary>
    public static string StringifyWithout(string storeText, IReadOnlyList<string> keys) => StringifyAll([(storeText, keys)])[0];

    /// <summary>Like <see cref="StringifyAll(IReadOnlyList{string}, int)"/>, first deleting each input's top-level keys.</summary>
    public static IReadOnlyList<string> StringifyAll(IReadOnlyList<(string Text, IReadOnlyList<string>? DeleteKeys)> inputs, int indent = 2)
    {
        var dir = Directory.CreateTempSubdirectory("sc-node-oracle-");
        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            for (var i = 0; i < inputs.Count; i++)
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"{i}.json"), inputs[i].Text, utf8);
                if (inputs[i].DeleteKeys is { } keys)
                {
                    File.WriteAllText(Path.Combine(dir.FullName, $"{i}.delete"), KeysArray(keys), utf8);
                }
            }

            var scriptPath = Path.Combine(dir.FullName, "oracle.js");
            File.WriteAllText(scriptPath, Script, utf8);
            Run(scriptPath, dir.FullName, inputs.Count, indent);

            return [.. Enumerable.Range(0, inputs.Count).Select(i => ReadResult(Path.Combine(dir.FullName, $"{i}.out")))];
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A JSON array of the keys, quoted as JSON.stringify quotes them (lone surrogates survive).</summary>
    private static string KeysArray(IReadOnlyList<string> keys)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < keys.Count; i++)
        {
            builder.Append(i == 0 ? "" : ",");
            JsStringQuoter.AppendQuoted(builder, keys[i]);
        }

        return builder.Append(']').ToString();
    }

    private static string ReadResult(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        return text.StartsWith("ok:", StringComparison.Ordinal) ? text[3..] : text;
    }

    private static void Run(string scriptPath, string dir, int count, int indent)
    {
        var startInfo = new ProcessStartInfo(NodeExecutable.Resolve())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { scriptPath, dir, count.ToString(System.Globalization.CultureInfo.InvariantCulture), indent.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node exited with {process.ExitCode}: {stderr.Result}");
        }
    }
}

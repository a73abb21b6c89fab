using System.Buffers;
using System.Text.Json;

namespace SessionCloser.Gateway;

/// <summary>The three frame types of the gateway protocol.</summary>
internal enum GatewayFrameType
{
    Request,
    Response,
    Event,
}

/// <summary>
/// One parsed frame. <see cref="Payload"/> and <see cref="Error"/> are detached copies (safe to keep after the
/// receive buffer is reused).
/// </summary>
internal sealed record GatewayFrame(
    GatewayFrameType Type,
    string? Id,
    string? Event,
    bool Ok,
    JsonElement Payload,
    JsonElement Error,
    long? Seq);

/// <summary>
/// Builds request frames with <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe) and parses incoming frames.
/// Every object the gateway receives is schema-closed: the writers only emit properties that have a value.
/// </summary>
internal static class GatewayFrames
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary><c>{"type":"req","id":…,"method":…,"params":{…}}</c>; params are omitted when <paramref name="writeParams"/> is null.</summary>
    public static byte[] BuildRequest(string id, string method, Action<Utf8JsonWriter>? writeParams)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(method);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "req");
            w.WriteString("id", id);
            w.WriteString("method", method);
            if (writeParams is not null)
            {
                w.WritePropertyName("params");
                w.WriteStartObject();
                writeParams(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one text message; throws <see cref="GatewayException"/> (PROTOCOL) for anything that is not a frame.</summary>
    public static GatewayFrame Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new GatewayException(GatewayException.ProtocolCode, $"OpenClaw gateway sent a frame that is not JSON: {e.Message}", innerException: e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway sent a frame that is not a JSON object.");
            }

            var type = JsonFields.GetString(root, "type") switch
            {
                "res" => GatewayFrameType.Response,
                "event" => GatewayFrameType.Event,
                "req" => GatewayFrameType.Request,
                var other => throw new GatewayException(
                    GatewayException.ProtocolCode,
                    $"OpenClaw gateway sent a frame of unknown type '{other ?? "(none)"}'."),
            };

            var id = JsonFields.GetString(root, "id");
            if (type == GatewayFrameType.Response && id is null)
            {
                throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway sent a response without an id.");
            }

            var ok = root.TryGetProperty("ok", out var okEl) && okEl.ValueKind == JsonValueKind.True;
            var payload = root.TryGetProperty("payload", out var p) ? p.Clone() : default;
            var error = root.TryGetProperty("error", out var e) ? e.Clone() : default;
            long? seq = root.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var sv) ? sv : null;
            return new GatewayFrame(
                type,
                id,
                JsonFields.GetString(root, "event"),
                ok,
                payload,
                error,
                seq);
        }
    }
}

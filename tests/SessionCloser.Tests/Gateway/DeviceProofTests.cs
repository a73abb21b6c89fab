using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SessionCloser.Gateway;

namespace SessionCloser.Tests.Gateway;

public sealed class DeviceProofTests
{
    // RFC 8032 §7.1, tests 1 and 2: secret key, public key, message, signature.
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "r",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Keys_and_signatures_match_the_RFC_8032_vectors(string seed, string publicKey, string message, string signature)
    {
        var identity = new GatewayDeviceIdentity(Convert.FromHexString(seed), "/unused");

        Base64Url.DecodeFromChars(identity.PublicKey).Should().Equal(Convert.FromHexString(publicKey));
        Base64Url.DecodeFromChars(identity.Sign(message)).Should().Equal(Convert.FromHexString(signature));
        identity.PublicKey.Should().NotContainAny("=", "+", "/");
    }

    [Fact]
    public void The_v3_payload_is_OpenClaws_pipe_joined_string_with_normalized_platform_and_family()
    {
        var fields = new DeviceAuthFields("cli", "cli", "operator", ["operator.admin", "operator.read", "operator.write"], 1795473831362, "tok", "n-1", " Linux\t", "iPhone ÄB");

        DeviceProof.PayloadV3("abc", fields).Should().Be(
            "v3|abc|cli|cli|operator|operator.admin,operator.read,operator.write|1795473831362|tok|n-1|linux|iphone Äb");
        DeviceProof.PayloadV3("abc", fields with { Token = null, DeviceFamily = null, Scopes = [] }).Should().Be(
            "v3|abc|cli|cli|operator||1795473831362||n-1|linux|");
    }

    [Fact]
    public void The_proof_signs_the_payload_with_the_identity_and_carries_the_nonce_and_time()
    {
        var identity = new GatewayDeviceIdentity(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), "/unused");
        var fields = new DeviceAuthFields("gateway-client", "backend", "operator", ["operator.read"], 42, "tok", "nonce-7", "linux", null);

        var proof = DeviceProof.Create(identity, fields);

        proof.Id.Should().Be(identity.DeviceId);
        proof.PublicKey.Should().Be(identity.PublicKey);
        proof.SignedAt.Should().Be(42);
        proof.Nonce.Should().Be("nonce-7");
        Verify(identity.PublicKey, DeviceProof.PayloadV3(identity.DeviceId, fields), proof.Signature).Should().BeTrue();
        Verify(identity.PublicKey, DeviceProof.PayloadV3(identity.DeviceId, fields with { Nonce = "nonce-8" }), proof.Signature).Should().BeFalse();

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            proof.Write(w);
            w.WriteEndObject();
        }

        Encoding.UTF8.GetString(buffer.ToArray()).Should().Be(
            $$$"""{"device":{"id":"{{{proof.Id}}}","publicKey":"{{{proof.PublicKey}}}","signature":"{{{proof.Signature}}}","signedAt":42,"nonce":"nonce-7"}}""");
    }

    private static bool Verify(string publicKey, string payload, string signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Base64Url.DecodeFromChars(publicKey)));
        var bytes = Encoding.UTF8.GetBytes(payload);
        verifier.BlockUpdate(bytes, 0, bytes.Length);
        return verifier.VerifySignature(Base64Url.DecodeFromChars(signature));
    }
}

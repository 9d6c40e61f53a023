namespace Labelit.TestSupport.Gcs;

/// <summary>CRC32C (Castagnoli), the checksum GCS keeps for every object and the client checks on download and upload.</summary>
internal static class Crc32c
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>The form GCS uses in object resources and X-Goog-Hash: base64 of the big-endian value.</summary>
    public static string ToBase64(uint crc) =>
        Convert.ToBase64String([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
}

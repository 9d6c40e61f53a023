using System.Security.Cryptography;
using System.Text;

namespace Labelit.Export.Formats;

/// <summary>Which per-image files a zip already has, kept as 128-bit digests of their names so a
/// 100,000-image export holds 16 bytes per image rather than each name.</summary>
internal sealed class WrittenFileNames
{
    private readonly HashSet<Guid> _digests = [];

    /// <summary>True when the name is new (and records it).</summary>
    public bool Add(string name) => _digests.Add(new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))));
}

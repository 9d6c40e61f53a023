using Labelit.Export.Config;
using Labelit.Export.Import;

namespace Labelit.Export.Tests.Import;

/// <summary>Writes import files to a temporary folder and reads them back with the import readers.</summary>
internal sealed class ImportFixture : IDisposable
{
    public const string BoxesConfig = """
        <View>
          <Image name="image" value="$image"/>
          <RectangleLabels name="label" toName="image"><Label value="Dog"/><Label value="Cat"/></RectangleLabels>
        </View>
        """;

    public const string ClassesConfig = """
        <View>
          <Image name="image" value="$image"/>
          <Choices name="class" toName="image"><Choice value="Indoor"/><Choice value="Outdoor"/></Choices>
        </View>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("labelit-import-").FullName;

    public string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Folder(string name) => Path.Combine(_folder, name);

    public static Task<ParsedLabels> ReadAsync(string path, LabelFormat format, string config = BoxesConfig) =>
        LabelFileReader.ReadAsync(path, format, LabelTarget.For(LabelConfig.Parse(config)));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

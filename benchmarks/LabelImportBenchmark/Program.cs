using System.Diagnostics;
using System.Text.Json;
using Labelit.Export.Config;
using Labelit.Export.Import;
using Labelit.LabelImportBenchmark;

// What a label import costs the Worker before LS is called: read the COCO file, match its boxes to the
// project's tasks, and write the one import/predictions request body. Compared, in the same run, with
// the naive way: the whole file parsed into one JsonDocument (reading only, no matching or writing).
const int Boxes = 100_000;
const string Config = """
    <View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/></RectangleLabels></View>
    """;

var folder = Directory.CreateTempSubdirectory("labelit-label-import-bench-").FullName;
try
{
    var target = LabelTarget.For(LabelConfig.Parse(Config));
    var warmUp = Path.Combine(folder, "warm-up.json");
    var coco = Path.Combine(folder, "coco.json");
    CocoGenerator.Write(warmUp, 10_000);
    CocoGenerator.Write(coco, Boxes);
    Console.WriteLine($"COCO file: {Boxes:N0} boxes on {Boxes / CocoGenerator.BoxesPerImage:N0} images, {new FileInfo(coco).Length / 1024.0 / 1024:F1} MiB; " +
        $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    for (var i = 0; i < 3; i++)
        await ImportAsync(warmUp, 10_000 / CocoGenerator.BoxesPerImage, target);
    NaiveCount(warmUp);

    // Labelit's rounds first: the whole-file baseline leaves its buffers in the shared array pool.
    for (var round = 1; round <= 3; round++)
    {
        PeakMemory.Reset();
        var before = PeakMemory.Resident();
        var heapBefore = GC.GetTotalMemory(true);
        var (labels, parse, match, prepare, bodyBytes, held) = await ImportAsync(coco, Boxes / CocoGenerator.BoxesPerImage, target);
        var total = parse + match + prepare;
        Console.WriteLine($"Labelit, round {round}: {labels:N0} boxes in {total:F2} s = {labels / total:N0} boxes/s (parse {parse:F2} s, match {match:F2} s, " +
            $"write the LS request {prepare:F2} s, {bodyBytes / 1048576.0:F1} MiB to a temporary file); peak resident +{(PeakMemory.Peak() - before) / 1048576.0:F0} MiB, " +
            $"matched labels held +{(held - heapBefore) / 1048576.0:F0} MiB of live heap");
    }

    for (var round = 1; round <= 3; round++)
    {
        PeakMemory.Reset();
        var before = PeakMemory.Resident();
        var naive = Stopwatch.StartNew();
        var naiveCount = NaiveCount(coco);
        naive.Stop();
        Console.WriteLine($"Baseline, round {round}: the whole file as one JsonDocument (read only: no checks, matching or request): {naiveCount:N0} boxes in " +
            $"{naive.Elapsed.TotalSeconds:F2} s = {naiveCount / naive.Elapsed.TotalSeconds:N0} boxes/s; peak resident +{(PeakMemory.Peak() - before) / 1048576.0:F0} MiB");
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<(int Labels, double Parse, double Match, double Prepare, long BodyBytes, long Held)> ImportAsync(string path, int images, LabelTarget target)
{
    var clock = Stopwatch.StartNew();
    var parsed = await LabelFileReader.ReadAsync(path, LabelFormat.Coco, target);
    var parse = clock.Elapsed.TotalSeconds;

    clock.Restart();
    var tasks = TaskIndex.From(Enumerable.Range(1, images).Select(i =>
        new TaskCandidate(i, $"s3://bench/camera/images/{CocoGenerator.ImageName(i)}", $"/projects/bench/media/{i}/{CocoGenerator.ImageName(i)}")));
    var matched = LabelMatcher.Match(parsed, tasks);
    var match = clock.Elapsed.TotalSeconds;
    var held = GC.GetTotalMemory(true); // what an import keeps while it writes: the labels grouped by task and the index of names
    clock.Restart();
    if (matched.Summary.ProblemTotal != 0 || matched.Summary.LabelsToImport != parsed.Labels.Count)
        throw new InvalidOperationException($"Every box should match: {matched.Summary.ProblemTotal} problems.");

    // The request body the Worker sends LS, built the way it builds it: into a temporary file.
    await using var body = new FileStream(path + ".body", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
    await using (var writer = new Utf8JsonWriter(body))
    {
        writer.WriteStartArray();
        foreach (var (taskId, labels) in matched.ByTask)
        {
            writer.WriteStartObject();
            writer.WriteNumber("task", taskId);
            writer.WriteString("model_version", "bench");
            writer.WritePropertyName("result");
            LabelStudioResults.WriteResultArray(writer, labels, target);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
    var prepare = clock.Elapsed.TotalSeconds;
    return (matched.Summary.LabelsToImport, parse, match, prepare, body.Length, held);
}

static int NaiveCount(string path)
{
    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
    return document.RootElement.GetProperty("annotations").GetArrayLength();
}

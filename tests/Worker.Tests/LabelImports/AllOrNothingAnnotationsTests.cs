using System.Net;
using System.Text;
using Labelit.Export.Config;
using Labelit.Export.Import;
using Labelit.Worker.LabelImports;
using Labelit.Worker.LabelStudio;

namespace Labelit.Worker.Tests.LabelImports;

/// <summary>An annotation import LS refuses part way leaves the project as it was.</summary>
public sealed class AllOrNothingAnnotationsTests
{
    private static readonly LabelTarget Boxes = LabelTarget.For(LabelConfig.Parse(
        "<View><Image name=\"image\" value=\"$image\"/><RectangleLabels name=\"label\" toName=\"image\"><Label value=\"Car\"/></RectangleLabels></View>"));

    private static readonly LabelStudioTarget Target = new(new Uri("http://ls.invalid/"), "token", 1);

    private static IReadOnlyDictionary<long, IReadOnlyList<ImportedLabel>> ThreeTasks() => new Dictionary<long, IReadOnlyList<ImportedLabel>>
    {
        [11] = [new ImportedLabel("a.jpg", LabelShape.Rectangle, "Car", 1, 1, 10, 10)],
        [12] = [new ImportedLabel("b.jpg", LabelShape.Rectangle, "Car", 1, 1, 10, 10)],
        [13] = [new ImportedLabel("c.jpg", LabelShape.Rectangle, "Car", 1, 1, 10, 10)],
    };

    [Fact]
    public async Task When_label_studio_refuses_the_third_task_the_first_two_annotations_are_deleted_again()
    {
        var labelStudio = new FakeLabelStudio(refuseTask: 13);
        var writer = new AllOrNothingAnnotations(new LabelStudioLabels(new HttpClient(labelStudio)));

        var error = await Assert.ThrowsAsync<AnnotationsUndoneException>(() => writer.WriteAsync(Target, ThreeTasks(), Boxes, author: null, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(["POST 11", "POST 12", "POST 13", "DELETE 101", "DELETE 102"], labelStudio.Calls);
        Assert.Empty(labelStudio.Annotations);
        Assert.Contains("were removed again: the project is as it was", error.Outcome);
        Assert.Contains("refused to add an annotation to task 13 (400)", error.InnerException!.Message);
    }

    [Fact]
    public async Task What_cannot_be_deleted_is_named_so_that_someone_can()
    {
        var labelStudio = new FakeLabelStudio(refuseTask: 13, refuseDeleting: 102);
        var writer = new AllOrNothingAnnotations(new LabelStudioLabels(new HttpClient(labelStudio)));

        var error = await Assert.ThrowsAsync<AnnotationsUndoneException>(() => writer.WriteAsync(Target, ThreeTasks(), Boxes, author: null, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal([102], labelStudio.Annotations);
        Assert.Contains("1 could not be (Label Studio annotation ids 102): delete them in Label Studio", error.Outcome);
    }

    [Fact]
    public async Task A_stop_asked_between_tasks_also_removes_what_was_added()
    {
        var labelStudio = new FakeLabelStudio(refuseTask: null);
        var writer = new AllOrNothingAnnotations(new LabelStudioLabels(new HttpClient(labelStudio)));

        await Assert.ThrowsAsync<AnnotationsUndoneException>(() => writer.WriteAsync(Target, ThreeTasks(), Boxes, author: null,
            written => written == 2 ? throw new LabelImportCancelledException() : Task.CompletedTask, CancellationToken.None));

        Assert.Empty(labelStudio.Annotations);
    }

    [Fact]
    public async Task Annotations_are_credited_to_the_named_persons_label_studio_account_when_there_is_one()
    {
        var labelStudio = new FakeLabelStudio(refuseTask: null);
        var writer = new AllOrNothingAnnotations(new LabelStudioLabels(new HttpClient(labelStudio)));

        await writer.WriteAsync(Target, ThreeTasks(), Boxes, author: 7, _ => Task.CompletedTask, CancellationToken.None);
        await writer.WriteAsync(Target, ThreeTasks(), Boxes, author: null, _ => Task.CompletedTask, CancellationToken.None);

        var authors = labelStudio.Bodies.Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement)
            .Select(b => b.TryGetProperty("completed_by", out var by) ? by.GetInt32() : (int?)null).ToList();
        Assert.Equal([7, 7, 7, null, null, null], authors); // without one, LS credits the account that posts them
    }

    /// <summary>Answers the two LS calls as LS does: 201 with the new annotation's id, 204 on delete, 400 for the refused task.</summary>
    private sealed class FakeLabelStudio(int? refuseTask, int? refuseDeleting = null) : HttpMessageHandler
    {
        private int _nextId = 101;

        public List<string> Calls { get; } = [];

        public List<int> Annotations { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
            var id = int.Parse(segments[2]);
            Calls.Add($"{request.Method} {id}");
            if (request.Method == HttpMethod.Delete)
            {
                if (id == refuseDeleting)
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("boom") });
                Annotations.Remove(id);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
            }

            Bodies.Add(request.Content!.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
            if (id == refuseTask)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("{\"result\": [\"invalid\"]}") });
            var annotationId = _nextId++;
            Annotations.Add(annotationId);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent($"{{\"id\": {annotationId}, \"task\": {id}}}", Encoding.UTF8, "application/json"),
            });
        }
    }
}

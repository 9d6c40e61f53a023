using Labelit.Data.Changes;
using Labelit.Worker.Instances;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Runtimes;

namespace Labelit.Worker.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Placeholders_are_replaced_inside_arguments_and_quotes_keep_spaces()
    {
        var arguments = CommandLine.Expand("dotnet \"/opt/my tools/ls.dll\" start --port {port} --data={dataDir}",
            new Dictionary<string, string> { ["port"] = "41001", ["dataDir"] = "/var/a b" });
        Assert.Equal(["dotnet", "/opt/my tools/ls.dll", "start", "--port", "41001", "--data=/var/a b"], arguments);
    }

    [Fact]
    public void An_unclosed_quote_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CommandLine.Expand("label-studio \"start", new Dictionary<string, string>()));
        Assert.Contains("unclosed quote", error.Message);
    }
}

public sealed class NotificationTests
{
    [Theory]
    [InlineData("""{"table":"projects","project_id":7}""", 7L)]
    [InlineData("""{"table":"project_annotators","project_id":3}""", 3L)]
    [InlineData("""{"table":"users","user_id":5}""", null)]
    [InlineData("""{"table":"ls_instances","project_id":3}""", ReconcilerService.OwnWrite)]
    [InlineData("not json", null)]
    public void Each_change_wakes_the_projects_it_can_affect(string payload, long? expected) =>
        Assert.Equal(expected, ChangeNotice.Parse(payload) is { } notice ? ReconcilerService.ProjectOf(notice) : null);
}

public sealed class TitleTests
{
    [Theory]
    [InlineData("Birds", "Birds")]
    [InlineData("AB", "AB project")]
    [InlineData("  Cars  ", "Cars")]
    public void Titles_fit_what_LS_accepts(string name, string expected) => Assert.Equal(expected, Provisioner.TitleFor(name));

    [Fact]
    public void Long_names_are_cut_to_fifty_characters() => Assert.Equal(50, Provisioner.TitleFor(new string('x', 80)).Length);
}

using System.Text.Json.Nodes;
using Labelit.Data.Distribution;
using Labelit.Web.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Labelit.Web.Tests;

/// <summary>The query the proxy hands LS for a split-mode annotator's task list and label stream.</summary>
public sealed class TaskShareFilterTests
{
    [Fact]
    public void The_tab_and_any_query_of_the_browser_are_replaced_by_the_annotators_ranges_and_paging_is_kept()
    {
        var restricted = TaskShareFilter.Restrict(new QueryString("?page=2&page_size=30&view=7&project=3&query=%7B%7D"),
            [new TaskRange(2, 4), new TaskRange(9, 10)]);

        var parameters = QueryHelpers.ParseQuery(restricted.Value);
        Assert.Equal(["page", "page_size", "project", "query"], parameters.Keys.Order());
        Assert.Equal("2", parameters["page"].ToString());
        var query = JsonNode.Parse(parameters["query"].ToString())!;
        Assert.Equal("or", query["filters"]!["conjunction"]!.GetValue<string>());
        var items = query["filters"]!["items"]!.AsArray();
        Assert.All(items, i => Assert.Equal("filter:tasks:id", i!["filter"]!.GetValue<string>()));
        Assert.Equal([(2, 4), (9, 10)], items.Select(i => (i!["value"]!["min"]!.GetValue<int>(), i["value"]!["max"]!.GetValue<int>())));
    }

    [Fact]
    public void An_annotator_with_no_task_gets_a_range_no_task_is_in()
    {
        var query = JsonNode.Parse(QueryHelpers.ParseQuery(TaskShareFilter.Restrict(new QueryString("?project=3"), []).Value)["query"].ToString())!;
        var only = query["filters"]!["items"]!.AsArray().Single()!;
        Assert.Equal(0, only["value"]!["max"]!.GetValue<int>());
    }
}

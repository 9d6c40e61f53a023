using Labelit.ExportBenchmark;

// Without arguments: generate the inputs, measure every case in its own child process, print
// the table. With "--case ...": the child side, measuring one case.
return args switch
{
    ["--case", ..] => await CaseRunner.RunAsync(args),
    // For looking at one case by hand: --generate ImageRectangles 100000 /tmp/tasks.json
    ["--generate", var kind, var count, var path] => Generate(Enum.Parse<TaskKind>(kind), int.Parse(count), path),
    _ => await BenchmarkPlan.RunAsync(),
};

static int Generate(TaskKind kind, int count, string path)
{
    TaskGenerator.Write(path, kind, count);
    return 0;
}

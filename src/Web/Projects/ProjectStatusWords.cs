namespace Labelit.Web.Projects;

/// <summary>What a project's status means for its annotators, and whom to ask, in words.</summary>
public static class ProjectStatusWords
{
    public static string ForAnnotators(Project project) => project.Status switch
    {
        ProjectStatus.Paused => "This project is paused: labelling is stopped for now.",
        ProjectStatus.Completed => "This project is completed: no more labelling is needed.",
        ProjectStatus.Archived => "This project is archived: it is kept for the record and takes no more labels.",
        _ => "This project is open for labelling.",
    };

    public static string WhoToAsk(Project project) => project.Status switch
    {
        ProjectStatus.Paused => $"Ask its manager, {Manager(project)}, when it resumes.",
        _ => $"Ask its manager, {Manager(project)}, if you think there is more to do.",
    };

    private static string Manager(Project project) =>
        string.IsNullOrEmpty(project.ManagerEmail) ? project.ManagerName : $"{project.ManagerName} ({project.ManagerEmail})";
}

namespace Coc.Client.Tests;

public static class People
{
    public const string Alice = "ops-alice";
    public const string Carol = "ops-carol";
}

public static class Requests
{
    /// <summary>A level-40 ticket (no WarRoom) assigned to Alice, created by Carol (people of the preset directory).</summary>
    public static CreateIncidentRequest Create(string title = "disk full on db-1") => new()
    {
        IncidentLevel = "level_40",
        IsServiceInterrupt = false,
        IncidentType = "inc_type_p_function_issues",
        IncidentTitle = title,
        IncidentSource = "incident_source_manual",
        IncidentAssignee = [People.Alice],
        Creator = People.Carol,
    };
}

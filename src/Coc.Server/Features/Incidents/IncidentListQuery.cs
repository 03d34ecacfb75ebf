using System.Globalization;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Server.Http;

namespace Coc.Server.Features.Incidents;

/// <summary>
/// The v1 list's query string (api.md, List) and our extensions (docs/decisions.md, Triage list): several statuses
/// or levels, comma-separated; <c>sort</c>; people by display name; <c>extended</c>. Every error names its parameter.
/// </summary>
public static class IncidentListQuery
{
    private static readonly Dictionary<string, TicketSortKey> Sorts = new(StringComparer.Ordinal)
    {
        ["ticket_id"] = TicketSortKey.Number, ["title"] = TicketSortKey.Title, ["status"] = TicketSortKey.Status,
        ["level"] = TicketSortKey.Level, ["assignee"] = TicketSortKey.Assignee, ["creator"] = TicketSortKey.Creator,
        ["create_time"] = TicketSortKey.CreateTime,
    };

    /// <summary>Every value <c>sort</c> takes, for the OpenAPI document.</summary>
    public static IEnumerable<string> SortValues => Sorts.Keys.SelectMany(k => new[] { k, "-" + k }).Prepend("triage");

    public static TicketQuery Read(IQueryCollection q, ReferenceData reference)
    {
        var catalog = reference.Catalog;
        var text = QueryText.Optional(q, "q");
        return new TicketQuery
        {
            Page = IntParameter(q, "offset", 1, int.MaxValue, 1),
            Limit = IntParameter(q, "limit", 1, FieldLimits.PageSize, FieldLimits.DefaultPageSize),
            Statuses = KeysParameter(q, "status", catalog.Statuses.Contains),
            Levels = KeysParameter(q, "level", catalog.Levels.Contains),
            Assignees = PersonParameter(q, "assignee", reference.Directory),
            Creators = PersonParameter(q, "creator", reference.Directory),
            CreatedAfter = TimeParameter(q, "created_after"),
            CreatedBefore = TimeParameter(q, "created_before"),
            Text = text,
            TextPeople = text is null ? [] : reference.Directory.IdsNamed(text),
            Sort = SortParameter(q),
        };
    }

    /// <summary><c>extended=true</c>: each item carries its <c>triage</c> object.</summary>
    public static bool Extended(IQueryCollection q) => QueryText.Optional(q, "extended") switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw CocErrors.InvalidValue("extended", other),
    };

    private static int IntParameter(IQueryCollection q, string name, int min, int max, int fallback)
    {
        var raw = q[name].ToString();
        if (raw.Length == 0) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw CocErrors.Invalid($"{name} must be an integer from {min} to {max}");
        return value;
    }

    private static long? TimeParameter(IQueryCollection q, string name)
    {
        var raw = q[name].ToString();
        if (raw.Length == 0) return null;
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= JsonFields.MaxTime
            ? value : throw CocErrors.Invalid($"{name} must be a time in milliseconds from 0 to {JsonFields.MaxTime}");
    }

    /// <summary>One key or several, comma-separated; each must be known (an empty item is not).</summary>
    private static IReadOnlyList<string>? KeysParameter(IQueryCollection q, string name, Func<string, bool> allowed)
    {
        var raw = QueryText.Optional(q, name);
        if (raw is null) return null;
        var keys = raw.Split(',');
        foreach (var key in keys)
            if (!allowed(key)) throw CocErrors.InvalidValue(name, key);
        return [.. keys.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The id as given (emulator mode takes any id) and the directory people it names by id or display name.</summary>
    private static IReadOnlyList<string>? PersonParameter(IQueryCollection q, string name, PeopleDirectory directory)
    {
        var raw = QueryText.Optional(q, name);
        return raw is null ? null : [.. directory.IdsNamed(raw).Prepend(raw).Distinct(StringComparer.Ordinal)];
    }

    /// <summary><c>triage</c>, or a column, descending with a leading <c>-</c>.</summary>
    private static TicketSort? SortParameter(IQueryCollection q)
    {
        var raw = QueryText.Optional(q, "sort");
        if (raw is null) return null;
        if (raw == "triage") return new TicketSort(TicketSortKey.Triage);
        var descending = raw.StartsWith('-');
        return Sorts.TryGetValue(descending ? raw[1..] : raw, out var key)
            ? new TicketSort(key, descending)
            : throw CocErrors.Invalid($"The field[sort] value[{raw}] invalid: triage, or one of {string.Join(", ", Sorts.Keys)}, with a leading - for descending");
    }
}

using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;

namespace Coc.Core.Tests.Storage;

/// <summary>SQLite group commit: concurrent writes share a transaction, each in its own savepoint.</summary>
public sealed class GroupCommitTests() : ScratchDirectory("group")
{
    [Fact]
    public async Task A_failing_write_in_a_shared_commit_is_rolled_back_alone_and_the_others_are_durable()
    {
        var path = DataPath;
        var accepted = new List<string>();
        var refused = new List<string>();
        using (var h = await Harness.StartAsync(path: path))
        {
            var numbers = new List<string>();
            for (var i = 0; i < 60; i++) numbers.Add(await h.CreateAsync());

            // Fired together so that they queue up behind one another and share commits. Every third links an
            // attachment that does not exist: the store refuses it inside the transaction, after its UPDATE ran.
            var results = await Task.WhenAll(numbers.Select((n, i) => Task.Run(async () =>
            {
                try
                {
                    if (i % 3 == 0)
                    {
                        await h.AcceptAsync(n);
                        var solution = Harness.Solution();
                        solution["resolve_attachments"] = new JsonArray("no-such-doc");
                        await h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, solution);
                    }
                    else
                    {
                        await h.AcceptAsync(n);
                    }
                    return (n, ok: true);
                }
                catch (CocException e) when (e.ErrorCode == CocErrors.InvalidParameterCode)
                {
                    return (n, ok: false);
                }
            })));
            Assert.True(h.Database.CommitCount < h.Database.WriteCount,
                $"{h.Database.WriteCount} writes in {h.Database.CommitCount} commits: no commit was shared");
            accepted.AddRange(results.Where(r => r.ok).Select(r => r.n));
            refused.AddRange(results.Where(r => !r.ok).Select(r => r.n));
        }

        Assert.Equal(40, accepted.Count);
        Assert.Equal(20, refused.Count);
        // Reopened from the file: what was acknowledged is there, what failed left no trace beyond its accept.
        using var reopenedDatabase = new SqliteDatabase(path);
        var reopened = new SqlTicketStore(reopenedDatabase);
        foreach (var n in accepted)
            Assert.Equal(TicketStatus.Acknowledged, (await reopened.FindAsync(Harness.Project, n))!.Status);
        foreach (var n in refused)
        {
            var t = (await reopened.FindAsync(Harness.Project, n))!;
            Assert.Equal(TicketStatus.Acknowledged, t.Status);
            Assert.Null(t.HandleTime);
            Assert.Equal(2, (await reopened.HistoryAsync(Harness.Project, [n])).Count);
        }
    }
}

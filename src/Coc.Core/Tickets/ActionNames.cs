namespace Coc.Core.Tickets;

/// <summary>Display names of history actions (zh, en).</summary>
public static class ActionNames
{
    private static readonly Dictionary<string, (string Zh, string En)> Names = new()
    {
        [OperateKeys.Create] = ("创建", "Create"),
        [OperateKeys.Accept] = ("受理", "Accept"),
        [OperateKeys.CommitSolution] = ("提交解决方案", "Submit solution"),
        [OperateKeys.Confirm] = ("验证", "Verify"),
        [OperateKeys.Forward] = ("转派", "Forward"),
        [OperateKeys.Pause] = ("申请暂停", "Request pause"),
        [OperateKeys.ChangeLevel] = ("变更级别", "Change level"),
        [OperateKeys.Agreed] = ("同意", "Approve"),
        [OperateKeys.Rejected] = ("驳回", "Reject"),
        [OperateKeys.Recovery] = ("暂停恢复", "Resume"),
        [OperateKeys.ReOpen] = ("重新提交", "Reopen"),
        [AlarmLinkedAction] = ("关联告警", "Alarm linked"),
        [AlarmsResolvedAction] = ("告警已全部恢复", "Alarms resolved"),
        [OperateKeys.AddRemark] = ("添加备注", "Add remark"),
        [OperateKeys.StartWarRoom] = ("启动WarRoom", "Start WarRoom"),
    };

    public const string AlarmLinkedAction = "alarm_linked";
    public const string AlarmsResolvedAction = "alarms_resolved";

    public static (string Zh, string En) Of(string action) => Names.GetValueOrDefault(action, (action, action));
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about.py" line="31"/>
        <location filename="../../ui/about.py" line="32"/>
        <source>关于 社银通 Counter</source>
        <translation>About Shebaotong Counter</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="39"/>
        <source>银行网点社保业务窗口客户端</source>
        <translation>Social security window client for bank outlets</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="49"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="50"/>
        <source>构建日期</source>
        <translation>Build date</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="50"/>
        <source>源代码运行（未打包）</source>
        <translation>Running from source (not packaged)</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="53"/>
        <source>运行环境</source>
        <translation>Runtime</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="56"/>
        <source>数据目录</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="62"/>
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="66"/>
        <source>专有软件，保留所有权利；仅限获得授权的银行网点使用。</source>
        <translation>Proprietary software, all rights reserved. For authorized bank outlets only.</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="72"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>AssessmentView</name>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="42"/>
        <source>考核结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="47"/>
        <source>情景</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="48"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="49"/>
        <source>合格线</source>
        <translation>Pass mark</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="50"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="51"/>
        <source>用时</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="52"/>
        <source>按键/点击</source>
        <translation>Keys/clicks</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="53"/>
        <source>错误</source>
        <translation>Mistakes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="56"/>
        <location filename="../../ui/supervisor/training/assessment.py" line="58"/>
        <source>各情景得分</source>
        <translation>Scores by scenario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="59"/>
        <source>↑/↓ 选择情景查看逐位群众</source>
        <translation>↑/↓ choose a scenario to see each citizen</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="67"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="68"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="69"/>
        <source>新的考核</source>
        <translation>New assessment</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="93"/>
        <location filename="../../ui/supervisor/training/assessment.py" line="97"/>
        <source>逐位群众</source>
        <translation>Citizen by citizen</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="101"/>
        <source>错误说明</source>
        <translation>Mistake details</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="106"/>
        <source>错误与说明</source>
        <translation>Mistakes and explanations</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="120"/>
        <location filename="../../ui/supervisor/training/assessment.py" line="150"/>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="120"/>
        <location filename="../../ui/supervisor/training/assessment.py" line="150"/>
        <source>不合格</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="122"/>
        <source>{verdict} · {score} 分</source>
        <translation>{verdict} · {score} points</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="130"/>
        <source>学员 {name}（{staff}） · {set} · 合格线 {mark} 分 · 考核人 {assessor} · {at}</source>
        <translation>Trainee {name} ({staff}) · {set} · pass mark {mark} · assessor {assessor} · {at}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="134"/>
        <source>自选情景</source>
        <translation>Custom scenarios</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="163"/>
        <source>{note}（可由主管在“人员”页登记培训/资格）</source>
        <translation>{note} (the supervisor can record training/qualification on the “Staff” page)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="173"/>
        <source>逐位群众 · {title}</source>
        <translation>Citizen by citizen · {title}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="177"/>
        <source>没有错误。</source>
        <translation>No mistakes.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="182"/>
        <source>【严重】</source>
        <translation>[CRITICAL] </translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="184"/>
        <source>{n}. {critical}{who}{what}（−{points} 分）
    {why}</source>
        <translation>{n}. {critical}{who}{what} (−{points} pts)
    {why}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="197"/>
        <source>处理正确</source>
        <translation>Handled correctly</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="197"/>
        <source>处理不正确</source>
        <translation>Handled incorrectly</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="199"/>
        <source>用时 {took}（标准 {norm}） · 操作 {inputs} 次（标准 {norm_inputs}）</source>
        <translation>Time {took} (norm {norm}) · {inputs} inputs (norm {norm_inputs})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="206"/>
        <source> · 扣 {points} 分</source>
        <translation> · −{points} pts</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="208"/>
        <source>应当：</source>
        <translation>Expected: </translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/assessment.py" line="208"/>
        <source>实际：</source>
        <translation>Happened: </translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/supervisor/chart.py" line="82"/>
        <source>暂无数据</source>
        <translation>No data yet</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="82"/>
        <source>当前号</source>
        <translation>Current ticket</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="83"/>
        <source>点击“叫下一位”或按 F2 开始叫号</source>
        <translation>Click “Call next” or press F2 to start calling</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="95"/>
        <source>{window} 号窗口 · 当前号</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="128"/>
        <source>叫下一位</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="129"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="130"/>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="131"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="132"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="133"/>
        <source>回呼挂起的号</source>
        <translation>Call held</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="134"/>
        <location filename="../../ui/clerk/call_panel.py" line="233"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="135"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="136"/>
        <location filename="../../ui/clerk/call_panel.py" line="255"/>
        <location filename="../../ui/clerk/call_panel.py" line="266"/>
        <source>指定叫号</source>
        <translation>Call no.</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="137"/>
        <location filename="../../ui/clerk/call_panel.py" line="284"/>
        <location filename="../../ui/clerk/call_panel.py" line="338"/>
        <source>暂停服务</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="194"/>
        <location filename="../../ui/clerk/call_panel.py" line="250"/>
        <source>当前没有等候的群众。</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="203"/>
        <source>{number} 多次重呼未到，已按过号处理。</source>
        <translation>{number} did not come after several recalls and was marked as a no-show.</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="224"/>
        <source>本窗口没有挂起的号。</source>
        <translation>No tickets on hold at this window.</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="234"/>
        <source>转到哪个窗口？请填写窗口号和原因，如“5号窗口 需复核”</source>
        <translation>Transfer to which window? Enter the window number and the reason, e.g. “window 5, needs review”</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="256"/>
        <source>要叫的号（等候中：{numbers}）</source>
        <translation>Ticket to call (waiting: {numbers})</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="262"/>
        <source>没有等候中的号 {number}。</source>
        <translation>Ticket {number} is not waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="267"/>
        <source>不按顺序叫号须说明原因（记入日志）：</source>
        <translation>Calling out of order needs a reason (recorded in the journal):</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="285"/>
        <source>暂停原因（计入统计）：</source>
        <translation>Reason for the pause (counted in statistics):</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="305"/>
        <source>暂停服务：{reason}</source>
        <translation>Service paused: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="309"/>
        <source>按 F2 叫下一位</source>
        <translation>Press F2 to call the next ticket</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="314"/>
        <source>（已重呼 {n} 次）</source>
        <translation>(recalled {n} times)</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="316"/>
        <source>未指定事项</source>
        <translation>No item chosen</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="320"/>
        <source>已等候 {m} 分钟</source>
        <translation>Waited {m} min</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="323"/>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="325"/>
        <source> · 本窗口挂起 {n} 个</source>
        <translation> · {n} on hold here</translation>
    </message>
    <message>
        <location filename="../../ui/clerk/call_panel.py" line="338"/>
        <source>恢复服务</source>
        <translation>Resume</translation>
    </message>
</context>
<context>
    <name>CaseFlow</name>
    <message>
        <location filename="../../ui/cases/flow.py" line="171"/>
        <source>返回上一步  Esc</source>
        <translation>Back  Esc</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="197"/>
        <source>{number} 已不在本窗口（挂起、转移或办结），未提交的办件已放弃。</source>
        <translation>{number} is no longer at this window (held, transferred or finished); the unsubmitted case was discarded.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="203"/>
        <source>办理：{item}</source>
        <translation>Handling: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="209"/>
        <source>本办件已提交，不能更换办事人。</source>
        <translation>This case has been submitted; the applicant cannot be changed.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="223"/>
        <source>票面事项 {code} 不在本网点今日可办范围内，请另选事项。</source>
        <translation>The ticket&apos;s item {code} cannot be handled at this outlet today. Please choose another item.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="235"/>
        <source>本办件已提交，不能更换事项。</source>
        <translation>This case has been submitted; the item cannot be changed.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="239"/>
        <source>已选事项“{item}”，请先核验办事人身份。</source>
        <translation>Item “{item}” chosen. Please verify the applicant&apos;s identity first.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="343"/>
        <location filename="../../ui/cases/state.py" line="93"/>
        <source>还有 {n} 处需要修改：{first}</source>
        <translation>{n} fields still need fixing: {first}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="352"/>
        <source>材料未收齐：{names}</source>
        <translation>Materials missing: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="376"/>
        <source>办件已提交，不能返回修改。</source>
        <translation>The case has been submitted and can no longer be edited.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="445"/>
        <source>当前步骤：{step}</source>
        <translation>Current step: {step}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="537"/>
        <source>正在提交…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="597"/>
        <source>办件编号 {number}</source>
        <translation>Case no. {number}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="599"/>
        <source>按 Enter 办结本号，然后按 F2 叫下一位。</source>
        <translation>Press Enter to finish this ticket, then F2 to call the next.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="601"/>
        <source>按 Enter 结束本笔业务。</source>
        <translation>Press Enter to end this transaction.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/flow.py" line="632"/>
        <source>本号已办结。按 F2 叫下一位。</source>
        <translation>Ticket finished. Press F2 to call the next.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="18"/>
        <source>复核已失效，请重新复核</source>
        <translation>Review void: please review again</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="19"/>
        <source>复核已过期，请重新复核</source>
        <translation>Review expired: please review again</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="88"/>
        <source>请先选择事项</source>
        <translation>Choose an item first</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="90"/>
        <source>办件已提交</source>
        <translation>Case submitted</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="97"/>
        <source>该事项须经复核人现场复核后才能提交</source>
        <translation>A reviewer must review this item in person before it can be submitted</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="106"/>
        <source>下一步：打印不予受理告知  Enter</source>
        <translation>Next: print rejection notice  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="109"/>
        <source>下一步：核对材料  Enter</source>
        <translation>Next: check materials  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="110"/>
        <source>下一步：复核  Enter</source>
        <translation>Next: review  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="112"/>
        <source>下一步：提交  Enter</source>
        <translation>Next: submit  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="113"/>
        <location filename="../../ui/cases/state.py" line="116"/>
        <source>下一步：办结  Enter</source>
        <translation>Next: finish  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="115"/>
        <source>下一步：请群众评价  Enter</source>
        <translation>Next: citizen rating  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/state.py" line="117"/>
        <source>办结本号  Enter</source>
        <translation>Finish ticket  Enter</translation>
    </message>
</context>
<context>
    <name>CaseSteps</name>
    <message>
        <location filename="../../ui/cases/steps.py" line="30"/>
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="31"/>
        <source>核验身份</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="32"/>
        <source>选择事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="33"/>
        <source>填写表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="34"/>
        <source>核对材料</source>
        <translation>Docs</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="35"/>
        <source>复核(如需)</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="36"/>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="37"/>
        <source>打印回执</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="38"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="39"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>CaseTexts</name>
    <message>
        <location filename="../../ui/cases/texts.py" line="17"/>
        <source>待上传</source>
        <translation>Pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="18"/>
        <source>上传中</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="19"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="20"/>
        <source>不予受理</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="21"/>
        <source>需处理</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="23"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="24"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="25"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="26"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="27"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/cases/texts.py" line="28"/>
        <source>未评价</source>
        <translation>Not rated</translation>
    </message>
</context>
<context>
    <name>CatalogueDocuments</name>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="72"/>
        <source>无需提交材料</source>
        <translation>No materials required</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="84"/>
        <source>培训模式 TRAINING · 非正式文本</source>
        <translation>TRAINING MODE · not an official document</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="97"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="98"/>
        <source>事项编码 {code} · 第 {version} 版 · {group}</source>
        <translation>Item code {code} · version {version} · {group}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="117"/>
        <source>扫码网上办理：{url}</source>
        <translation>Scan to apply online: {url}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="124"/>
        <source>{outlet} · 打印于 {time}</source>
        <translation>{outlet} · printed {time}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="152"/>
        <source>社会保险业务办事事项清单</source>
        <translation>Social security services: list of items</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="153"/>
        <source>本网点（{category}）可办理以下 {count} 项社会保险业务。标“收件转运”的事项由窗口收件，转人力社保经办机构办理。</source>
        <translation>This outlet ({category}) handles the following {count} social security items. Items marked “Forwarded” are collected at the window and processed by the social security agency.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="182"/>
        <source>{group}（{n} 项）</source>
        <translation>{group} ({n} items)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="194"/>
        <source>办事时间：{hours}&#x3000;咨询电话：{enquiry}&#x3000;监督投诉：{complaint}</source>
        <translation>Opening hours: {hours}   Enquiries: {enquiry}   Complaints: {complaint}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/documents.py" line="197"/>
        <source>目录版本 {version} · 打印于 {time}</source>
        <translation>Catalogue version {version} · printed {time}</translation>
    </message>
</context>
<context>
    <name>CataloguePanel</name>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="161"/>
        <source>办事目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="171"/>
        <source>打印事项清单（A4）</source>
        <translation>Print list (A4)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="172"/>
        <source>事项清单导出 PDF</source>
        <translation>List as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="213"/>
        <source>事项 {code} 已停用或不在本网点办理范围内。</source>
        <translation>Item {code} is withdrawn or not handled at this outlet.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="217"/>
        <source>事项 {code} 已更新为第 {version} 版，请按新版办事指南告知。</source>
        <translation>Item {code} was updated to version {version}; please inform citizens from the new guide.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="222"/>
        <source>人社平台暂时无法连接，正在使用本机缓存的目录（版本 {version}）。</source>
        <translation>The bureau platform is unreachable; using the catalogue cached on this PC (version {version}).</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="226"/>
        <source>目录版本 {version}，{count} 个事项，{time} 已与人社平台核对。</source>
        <translation>Catalogue version {version}, {count} items, checked with the bureau platform at {time}.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="268"/>
        <source>已打印一次性告知单：{name}</source>
        <translation>One-time notice printed: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="322"/>
        <source>已发送打印：{name} 办事指南</source>
        <translation>Sent to printer: service guide for {name}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="324"/>
        <source>打印办事指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="330"/>
        <source>已发送打印：本网点事项清单</source>
        <translation>Sent to printer: this outlet&apos;s item list</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="332"/>
        <source>打印事项清单</source>
        <translation>Print item list</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="335"/>
        <source>{name} 办事指南</source>
        <translation>Service guide: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="347"/>
        <source>已导出 PDF：{path}</source>
        <translation>PDF exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="352"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="362"/>
        <source>无法写入 PDF：{error}</source>
        <translation>Cannot write the PDF: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="371"/>
        <source>导出办事指南 PDF</source>
        <translation>Export service guide as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/panel.py" line="377"/>
        <source>导出事项清单 PDF</source>
        <translation>Export item list as PDF</translation>
    </message>
</context>
<context>
    <name>CatalogueSearchWidget</name>
    <message>
        <location filename="../../ui/catalogue/search.py" line="243"/>
        <source>输入事项名称、拼音、首字母或编码</source>
        <translation>Type an item name, pinyin, initials or code</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="245"/>
        <source>事项检索</source>
        <translation>Item search</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="252"/>
        <source>检索结果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="330"/>
        <source>办事目录尚未载入。</source>
        <translation>The service catalogue is not loaded yet.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="333"/>
        <source>本网点可办 {total} 个事项，常用的排在前面。</source>
        <translation>This outlet handles {total} items; the most used come first.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="339"/>
        <source>没有找到与“{query}”相关的事项，请换个说法或输入编码。</source>
        <translation>No items match “{query}”. Try other words or enter a code.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="343"/>
        <source>显示最相关的 {count} 个事项，输入更多字可缩小范围。</source>
        <translation>Showing the {count} best matches; type more to narrow down.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/search.py" line="346"/>
        <source>找到 {count} 个事项</source>
        <translation>{count} items found</translation>
    </message>
</context>
<context>
    <name>CatalogueTexts</name>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="12"/>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="13"/>
        <source>事项简述</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="14"/>
        <source>办理材料</source>
        <translation>Required materials</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="15"/>
        <source>办理方式</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="16"/>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="17"/>
        <source>结果送达</source>
        <translation>Delivery of result</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="18"/>
        <source>收费依据及标准</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="19"/>
        <source>办事时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="20"/>
        <source>办理机构及地点</source>
        <translation>Office and address</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="21"/>
        <source>咨询查询途径</source>
        <translation>Enquiries</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="22"/>
        <source>监督投诉渠道</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="35"/>
        <source>可共享免交</source>
        <translation>Obtained via data sharing</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="40"/>
        <source>高风险</source>
        <translation>High risk</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="42"/>
        <source>中风险</source>
        <translation>Medium risk</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="43"/>
        <source>低风险</source>
        <translation>Low risk</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="48"/>
        <source>需复核</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="49"/>
        <source>无需复核</source>
        <translation>No review</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="54"/>
        <source>全程办</source>
        <translation>Done here</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="55"/>
        <source>收件转运</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="60"/>
        <source>全程办：窗口受理，当场办结</source>
        <translation>Done here: accepted and finished at the window</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="61"/>
        <source>收件转运：窗口收件，转运经办机构审核办理</source>
        <translation>Forwarded: collected at the window, processed by the agency</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="66"/>
        <source>断网可受理</source>
        <translation>Works offline</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="67"/>
        <source>须联网办理</source>
        <translation>Online only</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="72"/>
        <source>一类网点</source>
        <translation>Category 1 outlet</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="74"/>
        <source>二类网点</source>
        <translation>Category 2 outlet</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/texts.py" line="76"/>
        <source>三类网点</source>
        <translation>Category 3 outlet</translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <location filename="../../ui/supervisor/checklist.py" line="28"/>
        <source>逐项说明…</source>
        <translation>Explain each…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/checklist.py" line="57"/>
        <source>说明 {n} 项…</source>
        <translation>Explain {n}…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/checklist.py" line="59"/>
        <source>全部确认（{n}）…</source>
        <translation>Confirm all ({n})…</translation>
    </message>
</context>
<context>
    <name>CourierWorkspace</name>
    <message>
        <location filename="../../ui/courier/workspace.py" line="139"/>
        <source>收件转运 · 转运批次</source>
        <translation>Collect and forward · batches</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="141"/>
        <source>业务日期</source>
        <translation>Business date</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="148"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="148"/>
        <source>昨天</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="152"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="158"/>
        <source>业务日期：</source>
        <translation>Business date:</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="169"/>
        <source>批次号</source>
        <translation>Batch no.</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="170"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="171"/>
        <source>件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="172"/>
        <location filename="../../ui/courier/workspace.py" line="192"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="176"/>
        <source>转运批次</source>
        <translation>Forwarding batches</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="178"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="181"/>
        <source>请选择批次</source>
        <translation>Select a batch</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="187"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="188"/>
        <source>办理事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="189"/>
        <source>办事人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="190"/>
        <source>排队号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="191"/>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="196"/>
        <source>批次办件</source>
        <translation>Cases in batch</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="197"/>
        <source>打印交接清单 A4 (Ctrl+P)</source>
        <translation>Print hand-over list A4 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="199"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="201"/>
        <source>打印小票清单 (Ctrl+Shift+P)</source>
        <translation>Print slip list (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="222"/>
        <source>人社经办机构收件人员姓名</source>
        <translation>Name of the agency&apos;s receiving officer</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="223"/>
        <source>接收人</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="226"/>
        <source>清点份数</source>
        <translation>Files counted</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="227"/>
        <source> 份</source>
        <translation> files</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="230"/>
        <source>确认交接</source>
        <translation>Confirm hand-over</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="235"/>
        <source>接收人：</source>
        <translation>Receiver:</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="236"/>
        <source>清点文件份数：</source>
        <translation>Files counted:</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="239"/>
        <source>交接给人社经办机构</source>
        <translation>Hand over to the agency</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="310"/>
        <source>共 {n} 个批次，{files} 件办件；待交接 {waiting} 个</source>
        <translation>{n} batches, {files} cases; {waiting} awaiting hand-over</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="344"/>
        <source>本日没有转运批次</source>
        <translation>No batches for this day</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="346"/>
        <source>收件转运事项受理后，材料会自动进入当天本窗口的批次。</source>
        <translation>Once a collect-and-forward item is accepted, its materials go into this window&apos;s batch for the day automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="351"/>
        <source>批次 {label}</source>
        <translation>Batch {label}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="359"/>
        <source>待上传</source>
        <translation>Pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="362"/>
        <source>{window} 号窗口 · 转运 {n} 件</source>
        <translation>Window {window} · {n} cases to forward</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="366"/>
        <source>另有 {n} 件不予受理，材料留存窗口</source>
        <translation>{n} more rejected; their materials stay at the window</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="368"/>
        <source>状态：待交接</source>
        <translation>Status: awaiting hand-over</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="372"/>
        <source>已于 {time} 由 {by} 交接给 {receiver}，清点 {files} 份</source>
        <translation>Handed over by {by} to {receiver} at {time}, {files} files counted</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="379"/>
        <source>上传：{state}</source>
        <translation>Upload: {state}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="381"/>
        <source>上传问题：{error}</source>
        <translation>Upload problem: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="400"/>
        <source>请填写接收人（人社经办机构收件人员）</source>
        <translation>Enter the receiver (the agency&apos;s receiving officer)</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="408"/>
        <source>批次 {label} 已交接（{files} 份），正在上传人社平台。</source>
        <translation>Batch {label} handed over ({files} files); uploading to the bureau platform.</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="468"/>
        <source>已打印小票清单：{label}</source>
        <translation>Slip list printed: {label}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="480"/>
        <source>打印交接清单</source>
        <translation>Print hand-over list</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="491"/>
        <source>已发送打印：交接清单 {label}</source>
        <translation>Sent to printer: hand-over list {label}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="510"/>
        <source>已导出 PDF：{path}</source>
        <translation>PDF exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="520"/>
        <source>导出交接清单 PDF</source>
        <translation>Export hand-over list as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="520"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/courier/workspace.py" line="532"/>
        <source>无法写入 PDF：{error}</source>
        <translation>Cannot write the PDF: {error}</translation>
    </message>
</context>
<context>
    <name>DayClosePage</name>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="106"/>
        <source>日终签退</source>
        <translation>Day close</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="109"/>
        <source>重新检查</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="139"/>
        <source>日结条件</source>
        <translation>Day-close conditions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="143"/>
        <location filename="../../ui/supervisor/dayclose.py" line="147"/>
        <source>待处理事项</source>
        <translation>Open items</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="145"/>
        <source>检查项</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="145"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="145"/>
        <source>情况</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="145"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="149"/>
        <source>说明所选…</source>
        <translation>Explain selected…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="162"/>
        <location filename="../../ui/supervisor/dayclose.py" line="307"/>
        <location filename="../../ui/supervisor/dayclose.py" line="469"/>
        <source>已日结</source>
        <translation>Day closed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="168"/>
        <source>日结</source>
        <translation>Day close</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="169"/>
        <source>签署数据</source>
        <translation>Sign-off figures</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="170"/>
        <source>日志链头</source>
        <translation>Journal chain head</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="171"/>
        <source>上报人社平台</source>
        <translation>Reported to bureau</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="172"/>
        <source>签字单</source>
        <translation>Signature slip</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="173"/>
        <source>日报表</source>
        <translation>Daily report</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="186"/>
        <source>补打签字单</source>
        <translation>Reprint signature slip</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="187"/>
        <source>事后更正…</source>
        <translation>Later correction…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="196"/>
        <source>签署</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="200"/>
        <source>签署后：上报日结和日志链头，打印签字单，生成日报表；当日记录只读，更正只能作为新记录登记。</source>
        <translation>Signing reports the day close and journal chain head, prints the signature slip and makes the daily report. The day&apos;s records then become read-only; corrections can only be added as new records.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="210"/>
        <source>导出 {fmt}</source>
        <translation>Export {fmt}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="214"/>
        <location filename="../../ui/supervisor/dayclose.py" line="310"/>
        <source>签署日结…</source>
        <translation>Sign day close…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="234"/>
        <source>日终关闭…</source>
        <translation>Close at day end…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="236"/>
        <source>去处理</source>
        <translation>Go to exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="238"/>
        <source>查看对账</source>
        <translation>View reconciliation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="250"/>
        <source>正在检查日结条件（含与平台对账）…</source>
        <translation>Checking day-close conditions (including reconciliation with the platform)…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="267"/>
        <source>营业日 {day}</source>
        <translation>Business day {day}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="290"/>
        <source>待说明</source>
        <translation>Needs explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="290"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="313"/>
        <source>日结条件全部满足，可以签署。</source>
        <translation>All day-close conditions are met; ready to sign.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="317"/>
        <source>日结条件 {met}/{n} 项已满足</source>
        <translation>{met}/{n} day-close conditions met</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="345"/>
        <source>日终关闭号票</source>
        <translation>Close tickets at day end</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="346"/>
        <source>结束全部未办号票和窗口暂停（结果记为“日终关闭”）。原因：</source>
        <translation>End all unserved tickets and window pauses (recorded as “closed at day end”). Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="373"/>
        <source>{check}：为 {n} 项填写说明（写入日志，随日结上报）</source>
        <translation>{check}: explain {n} items (written to the journal, reported with the day close)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="376"/>
        <source>填写说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="399"/>
        <source>{name}（{staff}）</source>
        <translation>{name} ({staff})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="403"/>
        <source>签署 {day} 日结：上报日结与日志链头、打印签字单。签署后当日记录不可修改。</source>
        <translation>Sign the day close for {day}: report the day close and journal chain head and print the signature slip. The day&apos;s records cannot be changed after signing.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="411"/>
        <source>正在日结：上报日结和日志链头，打印签字单…</source>
        <translation>Closing the day: reporting the day close and journal chain head, printing the signature slip…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="425"/>
        <source>已打印（含日志链头）</source>
        <translation>Printed (with journal chain head)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="427"/>
        <source>未打印：{error}，请补打</source>
        <translation>Not printed: {error}. Please reprint</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="439"/>
        <source>{day} 已日结（只读）</source>
        <translation>{day} closed (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="441"/>
        <source>✔ 已日结</source>
        <translation>✔ Day closed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="443"/>
        <source>{time} · 主管 {staff} · 窗口 {window}</source>
        <translation>{time} · supervisor {staff} · window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/checklist.py" line="64"/>
        <source>取号 {issued} · 办结 {served} · 过号 {no_show} · 转办 {transferred} · 取消 {cancelled} · 日终关闭 {closed} · 办件 {cases}（已受理 {accepted}，待上传 {pending}）· 差评 {bad} · 异常 {exceptions} · 说明 {notes} · 日志 {entries} 条</source>
        <translation>Issued {issued} · served {served} · no-shows {no_show} · transferred {transferred} · voided {cancelled} · closed at day end {closed} · cases {cases} (accepted {accepted}, pending upload {pending}) · bad ratings {bad} · exceptions {exceptions} · notes {notes} · journal entries {entries}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="449"/>
        <source>{head}（序号 {seq}）</source>
        <translation>{head} (seq. {seq})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="455"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="456"/>
        <source>待上传（联网后自动上报）</source>
        <translation>Pending upload (reported automatically when online)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="457"/>
        <source>上传中</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="463"/>
        <source>可补打</source>
        <translation>Can be reprinted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="465"/>
        <source>可在下方导出 PDF / CSV / JSON</source>
        <translation>Export below as PDF / CSV / JSON</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="471"/>
        <source>当日已日结，记录只读。更正请用“事后更正”，作为新记录登记。</source>
        <translation>The day is closed and its records are read-only. Use “Later correction” to add a correction as a new record.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="489"/>
        <source>报表未能写入 {folder}（{why}）。请检查磁盘空间和文件夹权限后重试。</source>
        <translation>The report could not be written to {folder} ({why}). Check disk space and folder permissions, then try again.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="494"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="499"/>
        <source>正在导出 {fmt} 报表…</source>
        <translation>Exporting the {fmt} report…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="516"/>
        <source>已补打</source>
        <translation>Reprinted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="516"/>
        <source>补打失败：{e}</source>
        <translation>Reprint failed: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="534"/>
        <source>事后更正</source>
        <translation>Later correction</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="535"/>
        <source>{day} 已日结，原记录不修改。请写明更正内容（作为新日志记录）：</source>
        <translation>{day} is closed; the original records stay unchanged. Describe the correction (added as a new journal record):</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/dayclose.py" line="546"/>
        <source>事后更正已登记（新日志记录）。</source>
        <translation>Correction recorded (new journal record).</translation>
    </message>
</context>
<context>
    <name>DeviceCard</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="114"/>
        <source>已配置</source>
        <translation>configured</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="115"/>
        <source>未启用</source>
        <translation>not enabled</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="116"/>
        <source>有问题</source>
        <translation>problem</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="120"/>
        <source>配置检查：{state} · {detail}</source>
        <translation>Configuration check: {state} · {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="126"/>
        <source>失败：{detail}</source>
        <translation>Failed: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="129"/>
        <source>成功：{detail}</source>
        <translation>OK: {detail}</translation>
    </message>
</context>
<context>
    <name>EvaluatorWindow</name>
    <message>
        <location filename="../../ui/evaluator/window.py" line="73"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="74"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="75"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="76"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="77"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="212"/>
        <source>服务评价</source>
        <extracomment>Each level&apos;s colours. Text on background is at least 4.5:1 (WCAG AA, normal text). Every text colour of the window with the colour it is drawn on (for the AA test).</extracomment>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="268"/>
        <source>欢迎您！</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="271"/>
        <source>业务办理完成后，请在本屏幕上对我们的服务进行评价。</source>
        <translation>When your business is done, please rate our service on this screen.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="284"/>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="301"/>
        <source>轻触表情完成评价（也可按数字键 1–5）。评价内容仅用于改进服务。</source>
        <translation>Tap a face to rate (or press keys 1–5). Ratings are used only to improve our service.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="321"/>
        <source>请告诉我们哪里做得不好（可多选），我们会认真整改。</source>
        <translation>Please tell us what went wrong (choose any); we will put it right.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="332"/>
        <source>其他意见或建议（选填）：</source>
        <translation>Other comments or suggestions (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="334"/>
        <source>意见或建议</source>
        <translation>Comments or suggestions</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="341"/>
        <source>返回重选</source>
        <translation>Change rating</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="343"/>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="364"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="418"/>
        <source>办理事项：{item}&#x3000;&#x3000;{window} 号窗口&#x3000;&#x3000;工号 {staff}</source>
        <translation>Item: {item}    Window {window}    Staff no. {staff}</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="428"/>
        <source>差评请选择原因或填写意见后提交。</source>
        <translation>For a bad rating, choose a reason or write a comment, then submit.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="446"/>
        <source>您选择了“{level}”</source>
        <translation>You chose “{level}”</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="448"/>
        <location filename="../../ui/evaluator/window.py" line="469"/>
        <source>请至少选择一项原因或填写意见，再提交评价。</source>
        <translation>Choose at least one reason or write a comment before submitting.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="490"/>
        <source>您的意见我们已记录，将尽快改进。</source>
        <translation>Your comments are recorded; we will improve as soon as we can.</translation>
    </message>
    <message>
        <location filename="../../ui/evaluator/window.py" line="492"/>
        <source>祝您生活愉快！</source>
        <translation>Have a nice day!</translation>
    </message>
</context>
<context>
    <name>ExceptionsPage</name>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="107"/>
        <source>异常（日结前处理）</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="110"/>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="112"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="117"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="128"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="129"/>
        <source>类别</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="130"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="131"/>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="132"/>
        <source>情况</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="133"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="136"/>
        <source>异常列表</source>
        <translation>Exception list</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="138"/>
        <source>当日异常</source>
        <translation>Today&apos;s exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="163"/>
        <source>处理办法</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="170"/>
        <location filename="../../ui/supervisor/exceptions.py" line="364"/>
        <source>确认…</source>
        <translation>Confirm…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="171"/>
        <source>同类全部确认…</source>
        <translation>Confirm all…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="172"/>
        <source>重新提交</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="173"/>
        <source>撤销办件…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="174"/>
        <source>去差评跟进</source>
        <translation>Follow up</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="259"/>
        <source>叫号系统：{n} 处不一致未解决（最近：{number} {label}）</source>
        <translation>Calling system: {n} unresolved mismatches (latest: {number} {label})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="269"/>
        <source>共 {n} 条，待处理 {m} 条</source>
        <translation>{n} in total, {m} to settle</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="271"/>
        <source> · 已日结（只读）</source>
        <translation> · day closed (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="279"/>
        <source>待处理（{n}）</source>
        <translation>To settle ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="280"/>
        <source>全部（{n}）</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="304"/>
        <source>已说明</source>
        <translation>Explained</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="304"/>
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="306"/>
        <source>待说明</source>
        <translation>Needs explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="306"/>
        <source>待确认</source>
        <translation>To confirm</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="353"/>
        <source>当日没有异常。</source>
        <translation>No exceptions today.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="353"/>
        <source>请在上方选择一条异常。</source>
        <translation>Select an exception above.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="362"/>
        <source>说明：{note}</source>
        <translation>Explanation: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="362"/>
        <source>尚未处理。</source>
        <translation>Not settled yet.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="364"/>
        <source>填写说明…</source>
        <translation>Explain…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="368"/>
        <source>同类全部确认（{n}）…</source>
        <translation>Confirm all ({n})…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="398"/>
        <source>填写说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="399"/>
        <source>{label}：请说明情况（将写入日志并随日结上报）</source>
        <translation>{label}: please explain (written to the journal and reported with the day close)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="402"/>
        <source>确认异常</source>
        <translation>Confirm exception</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="403"/>
        <source>确认 {n} 条“{label}”：请填写核实情况</source>
        <translation>Confirm {n} × “{label}”: describe what you checked</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="441"/>
        <source>撤销办件</source>
        <translation>Withdraw case</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="442"/>
        <source>撤销后该办件不再上传，请通知办事人重新办理。撤销原因：</source>
        <translation>A withdrawn case is not uploaded; tell the applicant to apply again. Reason for withdrawal:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="443"/>
        <source>资料有误，已通知办事人重办</source>
        <translation>Wrong data; applicant told to apply again</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/exceptions.py" line="443"/>
        <source>办事人放弃办理</source>
        <translation>Applicant gave up</translation>
    </message>
</context>
<context>
    <name>FollowUpPage</name>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="86"/>
        <location filename="../../ui/supervisor/followup.py" line="106"/>
        <source>差评跟进</source>
        <translation>Bad rating follow-up</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="87"/>
        <source>浙江规则：1 日内回访，15 日内整改并反馈，可追评一次。</source>
        <translation>Zhejiang rules: call back within 1 day, fix and report back within 15 days; one follow-up rating allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="88"/>
        <source>含已办结</source>
        <translation>Include closed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="89"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="94"/>
        <source>评价时间</source>
        <translation>Rated at</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="95"/>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="96"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="97"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="98"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="99"/>
        <source>原因</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="100"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="101"/>
        <source>回访期限</source>
        <translation>Call-back due</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="102"/>
        <source>反馈期限</source>
        <translation>Feedback due</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="103"/>
        <location filename="../../ui/supervisor/followup.py" line="146"/>
        <source>提醒</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="109"/>
        <location filename="../../ui/supervisor/followup.py" line="266"/>
        <source>当前没有待跟进的差评。</source>
        <translation>No bad ratings to follow up.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="112"/>
        <source>登记追评…</source>
        <translation>Record follow-up rating…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="127"/>
        <location filename="../../ui/supervisor/followup.py" line="149"/>
        <source>意见簿</source>
        <translation>Comment book</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="128"/>
        <source>照录纸质意见簿、意见箱的意见，15 日内答复。</source>
        <translation>Copy in comments from the paper comment book and comment box; reply within 15 days.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="129"/>
        <source>只看未办结</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="131"/>
        <source>登记意见…</source>
        <translation>Record comment…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="132"/>
        <source>答复…</source>
        <translation>Reply…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="138"/>
        <location filename="../../ui/supervisor/followup.py" line="418"/>
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="139"/>
        <location filename="../../ui/supervisor/followup.py" line="419"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="140"/>
        <location filename="../../ui/supervisor/followup.py" line="421"/>
        <source>类别</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="141"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="142"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="143"/>
        <source>涉及人员</source>
        <translation>Staff concerned</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="144"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="145"/>
        <source>答复期限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="266"/>
        <source>请选择一条差评。</source>
        <translation>Select a bad rating.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="273"/>
        <source>回访：{note}</source>
        <translation>Call-back: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="275"/>
        <source>处理：{label}</source>
        <translation>Handling: {label}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="277"/>
        <source>（整改期限 {d}）</source>
        <translation>(fix due {d})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="282"/>
        <source>追评：{level}</source>
        <translation>Follow-up rating: {level}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="287"/>
        <source>登记回访…</source>
        <translation>Record call-back…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="288"/>
        <source>登记整改处理…</source>
        <translation>Record fix…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="289"/>
        <source>登记反馈办事人…</source>
        <translation>Record feedback to applicant…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="290"/>
        <source>台账整改完成…</source>
        <translation>Ledger fix done…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="322"/>
        <source>登记回访</source>
        <translation>Record call-back</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="326"/>
        <source>回访情况</source>
        <translation>Call-back notes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="328"/>
        <source>办事人反映的问题、诉求</source>
        <translation>Problems and requests raised by the applicant</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="337"/>
        <source>登记整改处理</source>
        <translation>Record fix</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="341"/>
        <source>处理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="348"/>
        <source>整改期限（列入台账时）</source>
        <translation>Fix due date (if entered in the ledger)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="352"/>
        <source>处理说明</source>
        <translation>Handling notes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="362"/>
        <source>登记反馈办事人</source>
        <translation>Record feedback to applicant</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="366"/>
        <source>反馈情况</source>
        <translation>Feedback notes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="368"/>
        <source>何时、以何种方式告知办事人</source>
        <translation>When and how the applicant was informed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="377"/>
        <source>台账整改完成</source>
        <translation>Ledger fix done</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="378"/>
        <source>整改完成情况</source>
        <translation>What was fixed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="391"/>
        <source>登记追评</source>
        <translation>Record follow-up rating</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="394"/>
        <source>追评等级</source>
        <translation>Follow-up rating</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="399"/>
        <source>每条差评只能追评一次。</source>
        <translation>Each bad rating can have only one follow-up rating.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="416"/>
        <source>登记意见簿</source>
        <translation>Record comment book entry</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="423"/>
        <source>意见内容（照录）</source>
        <translation>Comment (copied verbatim)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="424"/>
        <source>联系电话（如有）</source>
        <translation>Phone (if any)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="424"/>
        <location filename="../../ui/supervisor/followup.py" line="425"/>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="425"/>
        <source>涉及人员工号（如有）</source>
        <translation>Staff no. concerned (if any)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="436"/>
        <source>联系电话加密保存，列表只显示脱敏号码。</source>
        <translation>Phone numbers are stored encrypted; lists show masked numbers only.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="445"/>
        <source>答复意见</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="447"/>
        <source>答复或处理情况</source>
        <translation>Reply or action taken</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="450"/>
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/followup.py" line="453"/>
        <source>答复后办结</source>
        <translation>Close after replying</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/supervisor/forms.py" line="92"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/forms.py" line="94"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/forms.py" line="129"/>
        <source>填写</source>
        <translation>Set</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../ui/cases/form.py" line="111"/>
        <source>本事项无须填写表单。</source>
        <extracomment>What each line-edit type expects, shown as its placeholder. Types whose normalized value is worth showing back (e.g. money as 1,234.56 元).</extracomment>
        <translation>This item needs no form.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/form.py" line="140"/>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <location filename="../../ui/cases/form.py" line="159"/>
        <source>{label}提示</source>
        <translation>{label} hint</translation>
    </message>
    <message>
        <location filename="../../ui/cases/form.py" line="217"/>
        <source>＝ {value}</source>
        <translation>= {value}</translation>
    </message>
</context>
<context>
    <name>GuideDesk</name>
    <message>
        <location filename="../../ui/guide/desk.py" line="83"/>
        <source>取号台</source>
        <translation>Ticket desk</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="93"/>
        <source>未打印的号</source>
        <translation>Unprinted tickets</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="93"/>
        <location filename="../../ui/guide/desk.py" line="104"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="93"/>
        <source>处理</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="103"/>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="105"/>
        <source>优先</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="106"/>
        <source>登记证件</source>
        <translation>ID on file</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="107"/>
        <source>已等候</source>
        <translation>Waited</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="108"/>
        <source>预计</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="111"/>
        <source>等候中的号</source>
        <translation>Waiting tickets</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="135"/>
        <source>优先类别</source>
        <translation>Priority type</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="139"/>
        <location filename="../../ui/guide/desk.py" line="140"/>
        <source>优先原因</source>
        <translation>Priority reason</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="148"/>
        <source>可选：身份证号（只保存脱敏号）</source>
        <translation>Optional: ID number (only a masked number is kept)</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="149"/>
        <source>可选身份证号</source>
        <translation>Optional ID number</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="152"/>
        <source>打印排队号</source>
        <translation>Print ticket</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="163"/>
        <source>试播</source>
        <translation>Test voice</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="164"/>
        <source>叫号屏试播</source>
        <translation>Test the calling display</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="211"/>
        <source>事项：{name}</source>
        <translation>Item: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="213"/>
        <source>事项：未选择（可直接取号，由窗口确定）</source>
        <translation>Item: none chosen (the ticket can be issued; the window decides)</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="235"/>
        <source>“其他”优先须填写原因。</source>
        <translation>“Other” priority needs a reason.</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="262"/>
        <source>（该号未进入排队，可在下方重打或作废）</source>
        <translation>(this ticket is not in the queue; reprint or void it below)</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="282"/>
        <source>作废排队号</source>
        <translation>Void ticket</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="283"/>
        <source>作废原因：</source>
        <translation>Reason for voiding:</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="306"/>
        <source>未指定</source>
        <translation>Not chosen</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="309"/>
        <source>{m} 分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="316"/>
        <source>等候 {n} 人 · 新取号预计等候 {estimate}</source>
        <translation>{n} waiting · a new ticket waits about {estimate}</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="324"/>
        <source>已打印 · 前面 {ahead} 人 · {estimate}</source>
        <translation>Printed · {ahead} ahead · {estimate}</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="336"/>
        <source>重打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../ui/guide/desk.py" line="338"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>HallControls</name>
    <message>
        <location filename="../../ui/hall/controls.py" line="33"/>
        <source>试播</source>
        <translation>Test voice</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="34"/>
        <source>播放提示音和一句测试语音，检查叫号音箱</source>
        <translation>Play the chime and a test phrase to check the calling speakers</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="37"/>
        <source>打开叫号屏</source>
        <translation>Open calling display</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="61"/>
        <source>正在播报：{text}</source>
        <translation>Announcing: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="63"/>
        <source>（另有 {n} 条排队）</source>
        <translation>({n} more queued)</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="65"/>
        <source>语音不可用，仅播放提示音</source>
        <translation>Voice unavailable; chime only</translation>
    </message>
    <message>
        <location filename="../../ui/hall/controls.py" line="67"/>
        <source>叫号语音就绪</source>
        <translation>Calling voice ready</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <location filename="../../ui/hall/display.py" line="93"/>
        <source>叫号屏</source>
        <translation>Calling display</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="111"/>
        <source>社会保险服务</source>
        <translation>Social Security Services</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="139"/>
        <source>请留意屏幕和语音叫号，听到号码请到对应窗口办理。过号请到导办台说明，可重新排队。办理社保业务请备好身份证或社会保障卡。</source>
        <translation>Please watch the screen and listen for your number, then go to the window shown. If you missed your number, ask at the guide desk to queue again. Please have your ID card or social security card ready.</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="152"/>
        <source>培训模式 · 叫号演示，非真实业务</source>
        <translation>TRAINING MODE · calling demo, not real business</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="183"/>
        <location filename="../../ui/hall/display.py" line="335"/>
        <source>正在叫号</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="200"/>
        <source>最近叫号</source>
        <translation>Recently called</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="227"/>
        <source>试播</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="228"/>
        <source>播放提示音和一句测试语音，检查音箱</source>
        <translation>Play the chime and a test phrase to check the speakers</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="230"/>
        <source>全屏 (F11)</source>
        <translation>Full screen (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="330"/>
        <source>欢迎光临</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="333"/>
        <source>请留意叫号</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="335"/>
        <source>再次叫号</source>
        <translation>Calling again</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="339"/>
        <source>请到 {window}号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="345"/>
        <source>{window}号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="353"/>
        <source>等候人数：—</source>
        <translation>Waiting: —</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="355"/>
        <source>等候人数：{count} 人</source>
        <translation>Waiting: {count}</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="371"/>
        <source>{windows}号窗口暂停服务</source>
        <translation>Window {windows}: service paused</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="409"/>
        <source>正在播报：{text}</source>
        <translation>Announcing: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="411"/>
        <source>语音不可用，仅播放提示音（{voice}）</source>
        <translation>Voice unavailable, chime only ({voice})</translation>
    </message>
    <message>
        <location filename="../../ui/hall/display.py" line="413"/>
        <source>语音：{voice}</source>
        <translation>Voice: {voice}</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../ui/help_overlay.py" line="119"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="124"/>
        <source>快捷键 · {title}</source>
        <translation>Keyboard shortcuts · {title}</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="128"/>
        <source>本工作台</source>
        <translation>This workspace</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="130"/>
        <source>全局</source>
        <translation>Everywhere</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="132"/>
        <source>通用操作</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="137"/>
        <source>按 Esc 或 F1 关闭</source>
        <translation>Press Esc or F1 to close</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="139"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="140"/>
        <source>关闭快捷键帮助</source>
        <translation>Close shortcut help</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="154"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="47"/>
        <source>快捷键帮助</source>
        <translation>Keyboard help</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="48"/>
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="49"/>
        <source>下一位：导办打印排队号，经办叫下一位</source>
        <translation>Next: the guide prints a ticket, the clerk calls the next</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="50"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="51"/>
        <source>开始办理</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="52"/>
        <source>读身份证</source>
        <translation>Read ID card</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="53"/>
        <source>刷新当前页</source>
        <translation>Refresh this page</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="54"/>
        <source>读社保卡</source>
        <translation>Read SS card</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="55"/>
        <source>扫电子社保卡</source>
        <translation>Scan e-SS card</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="56"/>
        <source>手工录入证件</source>
        <translation>Enter ID by hand</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="57"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="58"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="59"/>
        <source>回呼挂起的号</source>
        <translation>Call back a held ticket</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="60"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="61"/>
        <source>办结</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="62"/>
        <source>指定叫号</source>
        <translation>Call a given number</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="63"/>
        <source>暂停 / 恢复服务</source>
        <translation>Pause / resume service</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="64"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="65"/>
        <source>打印小票（经办：补打回执）</source>
        <translation>Print slip (clerk: reprint receipt)</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="66"/>
        <source>搜索事项</source>
        <translation>Search items</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="67"/>
        <source>试播语音</source>
        <translation>Test voice</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="71"/>
        <source>执行当前步骤 / 下一个输入框</source>
        <translation>Do this step / next field</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="72"/>
        <source>返回上一步或关闭对话框（已填内容保留）</source>
        <translation>Back a step or close the dialog (typed data kept)</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="73"/>
        <source>在输入框和按钮之间移动</source>
        <translation>Move between fields and buttons</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="74"/>
        <source>管理岗：切换功能页</source>
        <translation>Supervisor: switch page</translation>
    </message>
</context>
<context>
    <name>IdNumberField</name>
    <message>
        <location filename="../../ui/identify/id_field.py" line="83"/>
        <source>18位证件号码（居民身份证、居住证、永居证）</source>
        <translation>18-digit ID number (ID card, residence permit, permanent residence card)</translation>
    </message>
    <message>
        <location filename="../../ui/identify/id_field.py" line="84"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../../ui/identify/panel.py" line="112"/>
        <source>识别群众身份</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="114"/>
        <source>读身份证</source>
        <translation>ID card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="116"/>
        <source>读社保卡</source>
        <translation>SS card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="117"/>
        <source>扫电子社保卡</source>
        <translation>e-SS card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="118"/>
        <source>手工录入</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="129"/>
        <location filename="../../ui/identify/panel.py" line="138"/>
        <source>查询事由</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="172"/>
        <source>请群众打开电子社保卡二维码，用扫码枪扫描；扫描完成后自动核验。</source>
        <translation>Ask the citizen to open their e-social-security card QR code and scan it with the scanner; it is verified automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="178"/>
        <source>电子社保卡</source>
        <translation>E-social-security card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="189"/>
        <location filename="../../ui/identify/panel.py" line="216"/>
        <source>手工录入原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="193"/>
        <source>{reason}（需填写）</source>
        <translation>{reason} (specify)</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="195"/>
        <source>请选择原因</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="202"/>
        <source>请填写具体原因（不超过 {n} 字）</source>
        <translation>Give the reason (at most {n} characters)</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="204"/>
        <location filename="../../ui/identify/panel.py" line="221"/>
        <source>原因说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="207"/>
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="208"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="214"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="250"/>
        <source>正在读取身份证，请稍候…</source>
        <translation>Reading the ID card, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="255"/>
        <source>正在读取社保卡，请稍候…</source>
        <translation>Reading the social security card, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="265"/>
        <source>请扫描群众手机上的电子社保卡二维码（二维码每 60 秒刷新）。</source>
        <translation>Scan the e-social-security card QR code on the citizen&apos;s phone (it refreshes every 60 seconds).</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="268"/>
        <source>正在核验电子社保卡…</source>
        <translation>Verifying the e-social-security card…</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="276"/>
        <source>手工录入须选择原因，并记入工作日志。</source>
        <translation>Manual entry needs a reason and is recorded in the journal.</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="282"/>
        <source>证件号码不完整：{detail}</source>
        <translation>ID number incomplete: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="283"/>
        <source>请输入证件号码</source>
        <translation>Please enter the ID number</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="290"/>
        <source>请选择手工录入原因</source>
        <translation>Please choose the reason for manual entry</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="295"/>
        <source>请填写具体原因</source>
        <translation>Please give the reason</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="298"/>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="330"/>
        <source>已识别：{name}（{method}）</source>
        <translation>Identified: {name} ({method})</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="380"/>
        <source>仅限经办本笔业务期间使用，每次显示均记入日志</source>
        <translation>Only while handling this case; every display is recorded in the journal</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="382"/>
        <source>办理业务期间才能显示完整号码</source>
        <translation>Full numbers can be shown only while handling a case</translation>
    </message>
    <message>
        <location filename="../../ui/identify/panel.py" line="418"/>
        <source>请群众出示身份证、社保卡或电子社保卡二维码。</source>
        <translation>Ask the citizen for their ID card, social security card or e-social-security card QR code.</translation>
    </message>
</context>
<context>
    <name>IdentifyTexts</name>
    <message>
        <location filename="../../ui/identify/texts.py" line="14"/>
        <source>身份证读卡</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="15"/>
        <source>社保卡读卡</source>
        <translation>SS card reader</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="16"/>
        <source>电子社保卡</source>
        <translation>E-social-security card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="17"/>
        <source>手工录入</source>
        <translation>Manual entry</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="19"/>
        <source>读卡器故障</source>
        <translation>Card reader fault</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="20"/>
        <source>群众未带证件</source>
        <translation>No ID with them</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="21"/>
        <source>证件无法读取</source>
        <translation>ID unreadable</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="22"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="24"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="25"/>
        <source>临时挂失</source>
        <translation>Temporarily reported lost</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="26"/>
        <source>正式挂失</source>
        <translation>Reported lost</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="27"/>
        <source>密码锁定</source>
        <translation>PIN locked</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="28"/>
        <source>注销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="29"/>
        <source>未制卡</source>
        <translation>Not issued</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="31"/>
        <source>参保缴费</source>
        <translation>Insured, paying</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="32"/>
        <source>暂停缴费</source>
        <translation>Contributions suspended</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="33"/>
        <source>终止参保</source>
        <translation>Insurance ended</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="34"/>
        <source>享受待遇</source>
        <translation>Receiving benefits</translation>
    </message>
    <message>
        <location filename="../../ui/identify/texts.py" line="35"/>
        <source>未参保</source>
        <translation>Not insured</translation>
    </message>
</context>
<context>
    <name>ItemGuideView</name>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="91"/>
        <source>在左侧输入并选择事项，这里显示它的办事指南。</source>
        <translation>Search and choose an item on the left to see its service guide here.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="128"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="139"/>
        <source>网上办理二维码</source>
        <translation>QR code to apply online</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="182"/>
        <source>打印一次性告知单</source>
        <translation>Print one-time notice</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="183"/>
        <source>在小票打印机上打印本事项的材料清单（Ctrl+P）</source>
        <translation>Print this item&apos;s list of required materials on the slip printer (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="185"/>
        <source>打印办事指南（A4）</source>
        <translation>Print service guide (A4)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="186"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="216"/>
        <source>事项编码 {code} · 第 {version} 版 · {group}</source>
        <translation>Item code {code} · version {version} · {group}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="226"/>
        <source>无需提交材料</source>
        <translation>No materials required</translation>
    </message>
    <message>
        <location filename="../../ui/catalogue/guide.py" line="231"/>
        <source>扫码网上办理
{url}</source>
        <translation>Scan to apply online
{url}</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../ui/lock.py" line="16"/>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="22"/>
        <source>输入本人密码解锁</source>
        <translation>Enter your password to unlock</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="23"/>
        <source>解锁密码</source>
        <translation>Unlock password</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="25"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="27"/>
        <source>注销并切换用户</source>
        <translation>Log out and switch user</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="48"/>
        <source>{name}（{staff}）已离开座位，请本人输入密码解锁。</source>
        <translation>{name} ({staff}) stepped away. Only they can unlock with their password.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="62"/>
        <source>密码错误（第 {n} 次），请重新输入。</source>
        <translation>Wrong password (attempt {n}). Please try again.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/login.py" line="64"/>
        <source>社银通 · 社保业务窗口</source>
        <translation>Shebaotong · Social Security Window</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="68"/>
        <location filename="../../ui/login.py" line="69"/>
        <location filename="../../ui/login.py" line="109"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="72"/>
        <location filename="../../ui/login.py" line="73"/>
        <location filename="../../ui/login.py" line="109"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="76"/>
        <location filename="../../ui/login.py" line="149"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="80"/>
        <source>登录提示</source>
        <translation>Login message</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="82"/>
        <source>工号(&amp;S)</source>
        <translation>&amp;Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="84"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="106"/>
        <source>培训账号（仅培训模式显示）</source>
        <translation>Training accounts (shown in training mode only)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="109"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="109"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="115"/>
        <source>培训账号列表</source>
        <translation>Training account list</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="128"/>
        <source>培训平台的数据均为虚构，可放心练习。</source>
        <translation>All training platform data is fictitious: practise freely.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="137"/>
        <source>请输入工号。</source>
        <translation>Please enter your staff number.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="141"/>
        <source>请输入密码。</source>
        <translation>Please enter your password.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="149"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="46"/>
        <source>社银通 Counter（培训模式）</source>
        <translation>Shebaotong Counter (training mode)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="46"/>
        <source>社银通 Counter</source>
        <translation>Shebaotong Counter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>培训模式 · 连接培训平台，数据均为虚构，办理结果不产生任何真实业务</source>
        <translation>TRAINING MODE · connected to the training platform; all data is fictitious and nothing done here is real</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70"/>
        <source>培训模式提示</source>
        <translation>Training mode notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>与人社平台的连接状态</source>
        <translation>Connection to the bureau platform</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88"/>
        <source>【培训】</source>
        <translation>[TRAINING]</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>锁屏 (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <source>快捷键 (F1)</source>
        <translation>Shortcuts (F1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106"/>
        <source>设备设置（管理岗）</source>
        <translation>Device settings (supervisor)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>{name}（{staff}）· {role}</source>
        <translation>{name} ({staff}) · {role}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>{outlet}（{code}）· {window} 号窗口</source>
        <translation>{outlet} ({code}) · window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>登录 / 锁屏</source>
        <translation>Login / lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>人社平台：{state}</source>
        <translation>Bureau platform: {state}</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <location filename="../../ui/cases/materials.py" line="37"/>
        <source>（可共享免交）</source>
        <translation>(obtained via data sharing)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/materials.py" line="45"/>
        <source>人社部门可通过数据共享获取，群众无须提交</source>
        <translation>The bureau gets this through data sharing; the citizen need not hand it in</translation>
    </message>
    <message>
        <location filename="../../ui/cases/materials.py" line="49"/>
        <source>本事项无须提交材料。</source>
        <translation>This item needs no materials.</translation>
    </message>
</context>
<context>
    <name>OutboxStatusLabel</name>
    <message>
        <location filename="../../ui/cases/status.py" line="23"/>
        <source>待上传</source>
        <translation>Pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/cases/status.py" line="31"/>
        <source>待上传 {n} 件</source>
        <translation>{n} pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/cases/status.py" line="34"/>
        <source>上传队列已清空</source>
        <translation>Upload queue empty</translation>
    </message>
    <message>
        <location filename="../../ui/cases/status.py" line="37"/>
        <source> · 需处理 {n} 件</source>
        <translation> · {n} need attention</translation>
    </message>
    <message>
        <location filename="../../ui/cases/status.py" line="40"/>
        <source>（已暂停：{reason}）</source>
        <translation>(paused: {reason})</translation>
    </message>
    <message>
        <location filename="../../ui/cases/status.py" line="43"/>
        <source>本机已受理、尚未上传人社平台的办件和评价；网络恢复后自动上传。</source>
        <translation>Cases and ratings accepted on this PC but not yet uploaded to the bureau; they upload automatically when the network is back.</translation>
    </message>
</context>
<context>
    <name>OutletItemList</name>
    <message>
        <location filename="../../ui/catalogue/item_list.py" line="53"/>
        <source>{outlet} 社会保险业务办事事项清单</source>
        <translation>{outlet}: social security items</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/supervisor/password.py" line="16"/>
        <source>主管签署</source>
        <translation>Supervisor signature</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/password.py" line="26"/>
        <source>请再次输入主管密码</source>
        <translation>Enter the supervisor password again</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/password.py" line="27"/>
        <source>主管密码</source>
        <translation>Supervisor password</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/password.py" line="32"/>
        <source>签署日结</source>
        <translation>Sign day close</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/password.py" line="34"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/password.py" line="45"/>
        <source>请输入密码。</source>
        <translation>Please enter your password.</translation>
    </message>
</context>
<context>
    <name>PerformancePage</name>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="64"/>
        <source>绩效（按经办人）</source>
        <translation>Performance (by clerk)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="67"/>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="70"/>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="70"/>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="74"/>
        <source>统计</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="81"/>
        <source>期间合计</source>
        <translation>Period total</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="84"/>
        <source>评价分布（按经办人）</source>
        <translation>Ratings by clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="85"/>
        <source>好差评分布</source>
        <translation>Service ratings</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="113"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="125"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="126"/>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="127"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="128"/>
        <source>不予受理</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="129"/>
        <source>不予受理率</source>
        <translation>Rejection rate</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="130"/>
        <source>需处理</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="131"/>
        <source>办结号票</source>
        <translation>Tickets served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="132"/>
        <source>平均办理（分钟）</source>
        <translation>Avg. service (min)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="133"/>
        <source>办理 中位/P90</source>
        <translation>Service med/P90</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="134"/>
        <source>评价</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="135"/>
        <source>好评率</source>
        <translation>Good rating %</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="136"/>
        <source>差评</source>
        <translation>Bad ratings</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="139"/>
        <source>绩效</source>
        <translation>Performance</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="167"/>
        <source>结束日期不能早于开始日期。</source>
        <translation>The end date cannot be before the start date.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/performance.py" line="208"/>
        <source>{start} 至 {end} · {n} 人 · 办件 {cases} 件</source>
        <translation>{start} to {end} · {n} staff · {cases} cases</translation>
    </message>
</context>
<context>
    <name>PersonSummaryView</name>
    <message>
        <location filename="../../ui/identify/summary.py" line="46"/>
        <source>群众身份与参保概要</source>
        <translation>Citizen identity and insurance summary</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="59"/>
        <source>显示完整号码</source>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="62"/>
        <source>仅限经办本笔业务期间使用，每次显示均记入日志</source>
        <translation>Only while handling this case; every display is recorded in the journal</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="66"/>
        <source>请读取身份证、社保卡，扫描电子社保卡二维码，或手工录入证件号码。</source>
        <translation>Read an ID or SS card, scan an e-SS card, or type the ID number.</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="81"/>
        <source>险种</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="81"/>
        <source>参保状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="81"/>
        <source>起始日期</source>
        <translation>Since</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="91"/>
        <location filename="../../ui/identify/summary.py" line="141"/>
        <source>参保情况</source>
        <translation>Insurance record</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="107"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="108"/>
        <source>社保卡</source>
        <translation>SS card</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="109"/>
        <source>手机号码</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="110"/>
        <source>数据来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="149"/>
        <source>尚未识别群众身份</source>
        <translation>Citizen not identified yet</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="177"/>
        <source>{method}（{reason}）</source>
        <translation>{method} ({reason})</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="185"/>
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="206"/>
        <source>（姓名未知）</source>
        <translation>(name unknown)</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="228"/>
        <source>{age}岁</source>
        <translation>age {age}</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="233"/>
        <source>卡号 {number}</source>
        <translation>Card no. {number}</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="245"/>
        <source>未取得参保信息</source>
        <translation>No insurance information</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="250"/>
        <source>本机缓存（人社平台暂时无法连接，信息可能不是最新）</source>
        <translation>Cached on this PC (bureau platform unreachable; may be out of date)</translation>
    </message>
    <message>
        <location filename="../../ui/identify/summary.py" line="253"/>
        <source>人社平台 {time} 查询</source>
        <translation>Bureau platform, looked up {time}</translation>
    </message>
</context>
<context>
    <name>PostBox</name>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="48"/>
        <source>安排上岗…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="49"/>
        <source>岗位交接…</source>
        <translation>Hand over…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="50"/>
        <source>登记培训/资格…</source>
        <translation>Training…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="51"/>
        <source>离岗…</source>
        <translation>Leave…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="69"/>
        <source>空缺</source>
        <translation>Vacant</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="71"/>
        <source>窗口须有 A、B 两岗，请安排人员并备案。</source>
        <translation>A window needs both an A and a B post: assign staff and file them.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="76"/>
        <source>上岗 {start} · 培训 {trained} · 取得资格 {cert} · 备案 {filing}</source>
        <translation>Started {start} · trained {trained} · qualified {cert} · filed {filing}</translation>
    </message>
</context>
<context>
    <name>PrinterPreviewWindow</name>
    <message>
        <location filename="../../ui/printer_preview.py" line="13"/>
        <source>打印预览（培训模式，不出纸）</source>
        <translation>Print preview (training mode, no paper)</translation>
    </message>
    <message>
        <location filename="../../ui/printer_preview.py" line="19"/>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../ui/printer_preview.py" line="32"/>
        <source>最近打印：{name}</source>
        <translation>Last printed: {name}</translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <location filename="../../ui/cases/pages.py" line="235"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
</context>
<context>
    <name>RatingStep</name>
    <message>
        <location filename="../../ui/cases/closing.py" line="159"/>
        <source>请群众在评价器上评价…</source>
        <translation>Waiting for the citizen to rate on the rating pad…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="162"/>
        <source>评价由群众本人在评价器上完成，窗口不能代为评价；超时未评价的记为“未评价”。</source>
        <translation>Only the citizen rates, on the rating pad; staff cannot rate for them. No rating before the timeout is recorded as “not rated”.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="182"/>
        <source>群众评价：{level}</source>
        <translation>Citizen rating: {level}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="184"/>
        <source>（{tags}）</source>
        <translation>({tags})</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="187"/>
        <source>评价已记录，将随办件上传人社平台。</source>
        <translation>Rating recorded; it will be uploaded to the bureau with the case.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/prompts.py" line="45"/>
        <source>其他（请填写）</source>
        <translation>Other (please specify)</translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="50"/>
        <source>请填写原因</source>
        <translation>Please give a reason</translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="51"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="56"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="58"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="82"/>
        <source>请选择或填写原因（至少 2 个字）。</source>
        <translation>Choose or type a reason (at least 2 characters).</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <location filename="../../ui/cases/pages.py" line="214"/>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="218"/>
        <source>补打回执</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="221"/>
        <source>回执交给群众后，按 Enter 请群众在评价器上评价。</source>
        <translation>After handing over the receipt, press Enter to ask the citizen to rate on the rating pad.</translation>
    </message>
</context>
<context>
    <name>ReceiptStep</name>
    <message>
        <location filename="../../ui/cases/closing.py" line="46"/>
        <location filename="../../ui/cases/closing.py" line="121"/>
        <source>补打回执</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="61"/>
        <source>正在补打回执…</source>
        <translation>Reprinting receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="61"/>
        <source>正在打印回执…</source>
        <translation>Printing receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="110"/>
        <source>不予受理</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="112"/>
        <source>办件编号 {number}</source>
        <translation>Case no. {number}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="114"/>
        <source>已受理，待上传</source>
        <translation>Accepted, pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="116"/>
        <source>补打回执已打印（已记入工作日志）。</source>
        <translation>Receipt reprinted (recorded in the journal).</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="118"/>
        <source>回执已打印，请交给群众。</source>
        <translation>Receipt printed. Please hand it to the citizen.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="125"/>
        <source>回执打印失败：{message}</source>
        <translation>Receipt printing failed: {message}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/closing.py" line="128"/>
        <source>重新打印</source>
        <translation>Print again</translation>
    </message>
</context>
<context>
    <name>ReconcilePage</name>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="46"/>
        <source>办事人已拿到回执，平台却查不到：多为尚未上传或被平台退回；已受理却无记录的，须立即联系人社平台核实，核实前不要让办事人重办。</source>
        <translation>The applicant has a receipt but the platform has no record: usually not yet uploaded, or returned by the platform. If it was accepted and still has no record, contact the bureau platform at once; do not ask the applicant to reapply until it is checked.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="51"/>
        <source>平台列有本网点的办件，本机却没有：核对纸质材料和本机数据备份；不是本窗口办理的，报告人社平台。</source>
        <translation>The platform lists a case for this outlet that this PC lacks: check the paper files and this PC&apos;s data backup; if this window did not handle it, report it to the bureau platform.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="56"/>
        <source>双方都有记录但结果不同：以平台为准，联系办事人说明情况，必要时请人社平台更正回执。</source>
        <translation>Both have the case but with different results: the platform prevails. Contact the applicant to explain and, if needed, ask the bureau platform to correct the receipt.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="86"/>
        <source>与人社平台对账</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="87"/>
        <source>尚未对账。</source>
        <translation>Not reconciled yet.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="89"/>
        <source>开始对账</source>
        <translation>Reconcile</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="98"/>
        <source>说明无法对账的原因…</source>
        <translation>Explain why it cannot be reconciled…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="106"/>
        <source>处理办法</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="107"/>
        <location filename="../../ui/supervisor/reconcile.py" line="277"/>
        <source>选择一条不一致的记录查看处理办法。</source>
        <translation>Select a mismatch to see what to do.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="109"/>
        <source>填写说明…</source>
        <translation>Explain…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="144"/>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="145"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="146"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="147"/>
        <source>本机</source>
        <translation>This PC</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="148"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="149"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="177"/>
        <source>正在向人社平台查询当日办件…</source>
        <translation>Fetching today&apos;s cases from the bureau platform…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="197"/>
        <source>重新对账</source>
        <translation>Reconcile again</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="201"/>
        <source>营业日 {day} · 本机 {local} 件 · 平台 {platform} 件 · 一致 {matched} 件（跨日上传 {cross}）· {time} 对账</source>
        <translation>{day} · this PC {local} · platform {platform} · matched {matched} (next-day {cross}) · {time}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="213"/>
        <source>无法与平台对账：{error}</source>
        <translation>Cannot reconcile with the platform: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="215"/>
        <source>（已说明：{note}）</source>
        <translation>(explained: {note})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="218"/>
        <source>对账一致：本机与平台的当日办件完全相符。</source>
        <translation>Reconciled: today&apos;s cases on this PC and on the platform match exactly.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="222"/>
        <source>有 {n} 处不一致，{m} 处待说明。</source>
        <translation>{n} mismatches, {m} need explanation.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="240"/>
        <source>待说明</source>
        <translation>Needs explanation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="282"/>
        <source>
已说明：{note}</source>
        <translation>
Explained: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="294"/>
        <source>无法对账</source>
        <translation>Cannot reconcile</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="300"/>
        <source>对账说明</source>
        <translation>Reconciliation note</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/reconcile.py" line="301"/>
        <source>{what}：请说明核实和处理情况</source>
        <translation>{what}: describe what you checked and did</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/cases/review.py" line="46"/>
        <source>复核通过：{name}（{staff}），{at} 复核，{until} 前有效</source>
        <translation>Reviewed by {name} ({staff}) at {at}, valid until {until}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="67"/>
        <source>复核授权</source>
        <translation>Review authorization</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="85"/>
        <source>请复核人现场复核</source>
        <translation>Reviewer, please review in person</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="88"/>
        <source>事项：{item}（{code}）
办事人：{person}
经办人：{maker}</source>
        <translation>Item: {item} ({code})
Applicant: {person}
Clerk: {maker}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="96"/>
        <source>复核人须为本网点具有复核权限的其他工作人员（不能是经办人本人），由复核人本人输入工号和密码；复核后办件内容如有修改，须重新复核。</source>
        <translation>The reviewer must be another staff member of this outlet with review rights (not the clerk) and must type their own staff number and password. If the case changes after review, it must be reviewed again.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="103"/>
        <location filename="../../ui/cases/review.py" line="112"/>
        <source>复核人工号</source>
        <translation>Reviewer staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="104"/>
        <source>复核人本人工号</source>
        <translation>Reviewer&apos;s own staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="107"/>
        <location filename="../../ui/cases/review.py" line="113"/>
        <source>复核人密码</source>
        <translation>Reviewer password</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="116"/>
        <source>确认复核</source>
        <translation>Confirm review</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="118"/>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="143"/>
        <source>请输入复核人工号</source>
        <translation>Enter the reviewer&apos;s staff number</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="147"/>
        <source>请复核人输入本人密码</source>
        <translation>Reviewer: enter your own password</translation>
    </message>
    <message>
        <location filename="../../ui/cases/review.py" line="152"/>
        <source>正在向人社平台核验复核人…</source>
        <translation>Checking the reviewer with the bureau platform…</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/cases/pages.py" line="95"/>
        <source>复核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="99"/>
        <source>该事项风险较高，须由另一名复核人员（A/B 岗互为复核，或网点主管）现场复核：复核人在本机输入本人工号和密码。经办人不能复核自己经办的业务。</source>
        <translation>This item is high-risk and must be reviewed in person by another reviewer (the A/B post partner or the outlet supervisor), who types their own staff number and password on this PC. Clerks cannot review their own cases.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="104"/>
        <location filename="../../ui/cases/pages.py" line="121"/>
        <source>请复核人复核  Enter</source>
        <translation>Reviewer: review now  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="117"/>
        <source>下一步：提交  Enter</source>
        <translation>Next: submit  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="119"/>
        <source>尚未复核</source>
        <translation>Not yet reviewed</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="101"/>
        <source>人员（A/B 岗）</source>
        <translation>Staff (A/B posts)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="103"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="120"/>
        <location filename="../../ui/supervisor/roster.py" line="135"/>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="121"/>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="122"/>
        <source>上岗</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="123"/>
        <source>离岗</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="124"/>
        <source>培训</source>
        <translation>Trained</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="125"/>
        <source>取得资格</source>
        <translation>Qualified</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="126"/>
        <location filename="../../ui/supervisor/roster.py" line="261"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="127"/>
        <location filename="../../ui/supervisor/roster.py" line="140"/>
        <source>备案</source>
        <translation>Filing</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="130"/>
        <location filename="../../ui/supervisor/roster.py" line="145"/>
        <source>任职记录</source>
        <translation>Post history</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="134"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="136"/>
        <source>交出人</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="137"/>
        <source>接收人</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="138"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="139"/>
        <location filename="../../ui/supervisor/roster.py" line="285"/>
        <source>交接事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="143"/>
        <source>交接记录</source>
        <translation>Hand-overs</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="147"/>
        <source>岗位交接记录</source>
        <translation>Post hand-over records</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="190"/>
        <source>网点 {outlet} · {window} 号窗口</source>
        <translation>Outlet {outlet} · window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="237"/>
        <source>保存并备案</source>
        <translation>Save and file</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="249"/>
        <location filename="../../ui/supervisor/roster.py" line="307"/>
        <source>培训日期</source>
        <translation>Training date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="250"/>
        <location filename="../../ui/supervisor/roster.py" line="313"/>
        <source>取得资格日期</source>
        <translation>Qualification date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="255"/>
        <source>安排{post}岗上岗</source>
        <translation>Assign {post} post</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="257"/>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="258"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="259"/>
        <source>上岗日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="272"/>
        <source>姓名只保存脱敏形式；上岗记录将报人社平台备案。</source>
        <translation>Names are stored masked only; the assignment is filed with the bureau platform.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="279"/>
        <source>{post}岗岗位交接</source>
        <translation>{post} post hand-over</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="281"/>
        <source>接收人工号</source>
        <translation>Receiver staff no.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="282"/>
        <source>接收人姓名</source>
        <translation>Receiver name</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="283"/>
        <source>交接日期</source>
        <translation>Hand-over date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="284"/>
        <source>交接原因</source>
        <translation>Reason for hand-over</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="284"/>
        <source>如：休假、调岗</source>
        <translation>e.g. leave, transfer</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="298"/>
        <source>交出人：{who}。系统权限随岗位正式交接，并报人社平台备案。</source>
        <translation>Handed over by: {who}. System rights pass with the post and the hand-over is filed with the bureau platform.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="303"/>
        <source>登记{post}岗培训/资格</source>
        <translation>Record {post} post training/qualification</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="319"/>
        <source>人社部门每周组织复训；培训和资格报平台备案。</source>
        <translation>The bureau runs refresher training weekly; training and qualifications are filed with the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="324"/>
        <source>{post}岗离岗</source>
        <translation>{post} post: leave</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="326"/>
        <source>离岗日期</source>
        <translation>Leave date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="327"/>
        <source>离岗原因</source>
        <translation>Reason for leaving</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/roster.py" line="330"/>
        <source>离岗后该岗位空缺，请尽快安排人员；A、B 岗不得同时空缺。</source>
        <translation>The post becomes vacant: assign someone soon. A and B posts must never both be vacant.</translation>
    </message>
</context>
<context>
    <name>RunningView</name>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="75"/>
        <source>群众</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="76"/>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="77"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="78"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="79"/>
        <source>用时</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="82"/>
        <source>本情景的群众</source>
        <translation>Citizens in this scenario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="85"/>
        <source>到场群众</source>
        <translation>Citizens</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="92"/>
        <location filename="../../ui/supervisor/training/running.py" line="94"/>
        <source>经过</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="99"/>
        <source>结束本情景并评分</source>
        <translation>End scenario and score</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="100"/>
        <source>中止考核</source>
        <translation>Abort assessment</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="137"/>
        <source>当前应办</source>
        <translation>Expected handling</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="138"/>
        <source>仅培训师可见</source>
        <translation>Trainer only</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="161"/>
        <source>学员 {name}（{staff}） · 情景 {i}/{n}：{title}</source>
        <translation>Trainee {name} ({staff}) · scenario {i}/{n}: {title}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="176"/>
        <source>正在出号……</source>
        <translation>Issuing tickets…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="214"/>
        <source>⚠ 人社平台中断中（预设故障）</source>
        <translation>⚠ Bureau platform down (planned fault)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="219"/>
        <source>学员累计按键 {keys} · 点击 {clicks}</source>
        <translation>Trainee keys {keys} · clicks {clicks}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="223"/>
        <source>已办 {served}/{total}</source>
        <translation>Served {served}/{total}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="236"/>
        <source>本情景的群众都已办完</source>
        <translation>Every citizen in this scenario has been served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="240"/>
        <source>按“结束本情景并评分”查看结果。</source>
        <translation>Press “End scenario and score” to see the results.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="244"/>
        <source>（优先）</source>
        <translation> (priority)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="246"/>
        <source>群众说：“{says}”</source>
        <translation>Citizen says: “{says}”</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="247"/>
        <source>事项：{item}</source>
        <translation>Item: {item}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="249"/>
        <source>应当：{outcome}</source>
        <translation>Expected: {outcome}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="251"/>
        <source>身份：{how}</source>
        <translation>Identity: {how}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="253"/>
        <source>B岗</source>
        <translation>B post</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="254"/>
        <source>须 {who} 现场复核</source>
        <translation>{who} must review in person</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="256"/>
        <source>可查看完整号码</source>
        <translation>May show full numbers</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="258"/>
        <source>不应查看完整号码</source>
        <translation>Should not show full numbers</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="260"/>
        <source>身份证</source>
        <translation>ID card</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="260"/>
        <source>社保卡</source>
        <translation>SS card</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="263"/>
        <source>携带：{cards}</source>
        <translation>Carries: {cards}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="263"/>
        <source>无卡</source>
        <translation>no card</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="266"/>
        <source>{when}：{action}</source>
        <translation>{when}: {action}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="272"/>
        <source>预设故障 — </source>
        <translation>Planned fault — </translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/running.py" line="279"/>
        <source>随后到场：{who}</source>
        <translation>Arriving next: {who}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="48"/>
        <source>内置叫号（本机管理社保队列）</source>
        <translation>Built-in (this PC runs the queue)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="49"/>
        <source>银行叫号系统（HTTP）</source>
        <translation>Bank's queue system (HTTP)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="50"/>
        <source>不使用叫号系统</source>
        <translation>No queue system</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="53"/>
        <source>模拟读卡器（培训）</source>
        <translation>Simulated reader (training)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="54"/>
        <source>读卡器厂商动态库（termb）</source>
        <translation>Vendor library (termb)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="55"/>
        <source>本机读卡服务（HTTP）</source>
        <translation>Local reader service (HTTP)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="56"/>
        <source>无读卡器（手工录入）</source>
        <translation>No reader (enter by hand)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="59"/>
        <source>模拟评价器（培训）</source>
        <translation>Simulated pad (training)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="60"/>
        <source>评价屏（副屏上的评价窗口）</source>
        <translation>Rating screen (window on the second screen)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="61"/>
        <source>无评价器（记为未评价）</source>
        <translation>No rating pad (recorded as not rated)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="64"/>
        <source>自动选择</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="65"/>
        <source>espeak-ng 中文语音</source>
        <translation>espeak-ng Chinese voice</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="66"/>
        <source>Windows 语音（SAPI）</source>
        <translation>Windows speech (SAPI)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="67"/>
        <source>仅提示音</source>
        <translation>Chime only</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="68"/>
        <source>静音</source>
        <translation>Silent</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="146"/>
        <source>设置 · 设备</source>
        <translation>Settings · Devices</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="161"/>
        <source>本机设备的设置，保存到配置文件 {path}。先用“测试”按钮确认设备可用，再保存。</source>
        <translation>Device settings of this PC, saved to {path}. Try each device with its Test button before saving.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="193"/>
        <source>设备在程序启动时连接：保存后，修改在重新启动程序后生效。</source>
        <translation>Devices connect when the program starts: saved changes take effect after a restart.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="200"/>
        <source>保存结果</source>
        <translation>Save result</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="204"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="206"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="246"/>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="248"/>
        <source>打印机地址</source>
        <translation>Printer address</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="251"/>
        <source>例如 network://IP:9100、usb://VID:PID、win32://打印机名称</source>
        <translation>e.g. network://IP:9100, usb://VID:PID, win32://printer name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="254"/>
        <source>纸宽</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="258"/>
        <source>测试打印</source>
        <translation>Test print</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="261"/>
        <location filename="../../ui/settings/dialog.py" line="263"/>
        <source>叫号系统</source>
        <translation>Calling system</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="268"/>
        <source>叫号系统地址</source>
        <translation>Calling system address</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="272"/>
        <source>测试叫号连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="275"/>
        <source>读卡器（身份证 / 社保卡）</source>
        <translation>Card reader (ID / SS card)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="277"/>
        <source>读卡器</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="284"/>
        <source>读卡器端口</source>
        <translation>Reader port</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="287"/>
        <source>USB 读卡器通常为 1001</source>
        <translation>USB readers usually use 1001</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="290"/>
        <source>读卡服务地址</source>
        <translation>Card service address</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="294"/>
        <source>测试读身份证</source>
        <translation>Test ID card</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="295"/>
        <source>测试读社保卡</source>
        <translation>Test SS card</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="298"/>
        <source>评价器（好差评）</source>
        <translation>Rating pad (service ratings)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="300"/>
        <source>评价器</source>
        <translation>Rating pad</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="303"/>
        <source>评价屏在“叫号屏所在屏幕”的下一块屏幕上全屏打开</source>
        <translation>The rating screen opens full-screen on the screen after the calling display</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="307"/>
        <source>叫号屏</source>
        <translation>Calling display</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="309"/>
        <source>叫号屏所在屏幕</source>
        <translation>Display on screen</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="312"/>
        <source>没有这块屏幕时，叫号屏以普通窗口打开</source>
        <translation>If that screen is missing, the calling display opens as a normal window</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="316"/>
        <location filename="../../ui/settings/dialog.py" line="318"/>
        <source>语音播报</source>
        <translation>Voice announcements</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="320"/>
        <source>测试播报</source>
        <translation>Test voice</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="329"/>
        <source>屏幕 {n}：{name}（{w}×{h}）</source>
        <translation>Screen {n}: {name} ({w}×{h})</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="333"/>
        <source> · 主屏（柜员使用）</source>
        <translation> · main (clerk’s screen)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="352"/>
        <source>注意：以下设置被环境变量覆盖，文件中的值不会生效：{keys}</source>
        <translation>Note: environment variables override these settings; their values in the file have no effect: {keys}</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="369"/>
        <source>屏幕 {n}（未检测到：叫号屏将以普通窗口打开）</source>
        <translation>Screen {n} (not found: opens as a window)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="372"/>
        <source>{value}（当前设置）</source>
        <translation>{value} (current setting)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="404"/>
        <source>有 {n} 项设置不正确，请按红字提示修改；未保存。</source>
        <translation>{n} settings are not valid: fix them as the red notes say. Not saved.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="436"/>
        <source>失败：设置有误，请先按红字提示修改，再测试。</source>
        <translation>Failed: the settings are not valid. Fix them as the red notes say, then test.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="442"/>
        <source>正在测试…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="467"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="481"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="488"/>
        <source>未保存：{message}</source>
        <translation>Not saved: {message}</translation>
    </message>
</context>
<context>
    <name>SetupView</name>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="97"/>
        <location filename="../../ui/supervisor/training/setup.py" line="110"/>
        <source>学员</source>
        <translation>Trainee</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="106"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="106"/>
        <source>考核</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="106"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="106"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="106"/>
        <source>考核人</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="108"/>
        <location filename="../../ui/supervisor/training/setup.py" line="113"/>
        <source>考核记录</source>
        <translation>Assessment history</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="119"/>
        <source>考核套题</source>
        <translation>Scenario set</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="122"/>
        <source>自选情景</source>
        <translation>Custom scenarios</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="126"/>
        <source>情景</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="126"/>
        <source>事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="126"/>
        <source>考点</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="126"/>
        <source>人数</source>
        <translation>Citizens</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="126"/>
        <source>约时</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="128"/>
        <location filename="../../ui/supervisor/training/setup.py" line="159"/>
        <source>考核情景</source>
        <translation>Scenarios</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="150"/>
        <source>开始考核 (Ctrl+Enter)</source>
        <translation>Start (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="153"/>
        <source>套题</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="160"/>
        <source>空格勾选；学员在本机登录后按真实窗口办理</source>
        <translation>Space ticks · trainee logs in here, works as usual</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="181"/>
        <source>{n} 分钟</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="216"/>
        <source>合格线 {mark} 分</source>
        <translation>Pass mark {mark}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="218"/>
        <location filename="../../ui/supervisor/training/setup.py" line="257"/>
        <source>合格线按各情景</source>
        <translation>Pass mark per scenario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="248"/>
        <source>已选 {n} 个情景，约 {m} 分钟</source>
        <translation>Chosen: {n} · about {m} min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="293"/>
        <location filename="../../ui/supervisor/training/setup.py" line="303"/>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="293"/>
        <location filename="../../ui/supervisor/training/setup.py" line="303"/>
        <source>不合格</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="300"/>
        <source>最近考核 {day}：{score} 分，{verdict}</source>
        <translation>Last assessment {day}: {verdict}, {score} points</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/setup.py" line="307"/>
        <source>尚无考核记录：须考核合格后方可上岗。</source>
        <translation>No assessment yet: staff must pass one before taking a post.</translation>
    </message>
</context>
<context>
    <name>StackedBars</name>
    <message>
        <location filename="../../ui/supervisor/chart.py" line="217"/>
        <source>暂无评价</source>
        <translation>No ratings yet</translation>
    </message>
</context>
<context>
    <name>StepHeader</name>
    <message>
        <location filename="../../ui/cases/steps.py" line="73"/>
        <source>办件步骤</source>
        <translation>Case steps</translation>
    </message>
    <message>
        <location filename="../../ui/cases/steps.py" line="101"/>
        <source>当前步骤：{step}</source>
        <translation>Current step: {step}</translation>
    </message>
</context>
<context>
    <name>StepPages</name>
    <message>
        <location filename="../../ui/cases/pages.py" line="254"/>
        <source>叫号</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="254"/>
        <source>按 F2 叫下一位群众。</source>
        <translation>Press F2 to call the next citizen.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="255"/>
        <source>叫号后依次：核验身份 → 选择事项 → 填写表单 → 核对材料 → 提交。</source>
        <translation>After calling: verify identity → choose item → fill in form → check materials → submit.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="256"/>
        <source>填写表单</source>
        <translation>Fill in form</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="259"/>
        <source>带 * 的为必填项；Tab 到下一项，Enter 进入下一步，Esc 返回。</source>
        <translation>Fields marked * are required. Tab: next field, Enter: next step, Esc: back.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="262"/>
        <source>核对材料</source>
        <translation>Check materials</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="265"/>
        <source>逐项核对群众提交的材料：空格键勾选，Tab 到下一项。</source>
        <translation>Check each material the citizen hands in: Space to tick, Tab to move on.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="272"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="277"/>
        <source>核验身份</source>
        <translation>Verify identity</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="278"/>
        <source>请群众出示身份证、社保卡或电子社保卡。</source>
        <translation>Ask the citizen for their ID card, social security card or e-social-security card.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="282"/>
        <source>选择事项</source>
        <translation>Choose item</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="283"/>
        <source>检索事项后按 Enter 选定（只列出本网点可办的事项）。</source>
        <translation>Search for the item and press Enter to choose it (only items this outlet handles are listed).</translation>
    </message>
</context>
<context>
    <name>SubmitPage</name>
    <message>
        <location filename="../../ui/cases/pages.py" line="126"/>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="135"/>
        <location filename="../../ui/cases/pages.py" line="150"/>
        <source>提交人社平台  Enter</source>
        <translation>Submit to bureau  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="150"/>
        <source>重新提交  Enter</source>
        <translation>Resubmit  Enter</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="158"/>
        <source>已受理，办件编号 {number}</source>
        <translation>Accepted, case no. {number}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="163"/>
        <source>已受理，待上传</source>
        <translation>Accepted, pending upload</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="165"/>
        <source>（离线受理，网络恢复后自动上传）</source>
        <translation>(accepted offline; uploads automatically when the network is back)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="168"/>
        <source>不予受理：{message}</source>
        <translation>Rejected: {message}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="172"/>
        <source>需处理：{message}
可按 Esc 返回修改后重新提交，或请网点主管处理。</source>
        <translation>Needs attention: {message}
Press Esc to go back, correct and resubmit, or ask the outlet supervisor.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="186"/>
        <source>未核验</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="188"/>
        <source>办理事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="189"/>
        <source>办事人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="190"/>
        <source>排队号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="200"/>
        <source>已收材料</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="202"/>
        <source>复核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/cases/pages.py" line="202"/>
        <source>未复核</source>
        <translation>Not reviewed</translation>
    </message>
</context>
<context>
    <name>SupervisorTexts</name>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="16"/>
        <source>平台退回了该办件（内容不符合规则）。核对原因：若平台问题已修复，选“重新提交”；若资料有误，选“撤销”并通知办事人重新办理。日结前须处理或说明。</source>
        <translation>The platform returned this case (content broke a rule). Check why: if the platform problem is fixed, choose “Resubmit”; if the data is wrong, choose “Withdraw” and tell the applicant to apply again. Resolve or explain before the day close.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="21"/>
        <source>不予受理或已撤销：确认经办人已向办事人当面说明原因并一次性告知补正材料，然后确认。</source>
        <translation>Rejected or withdrawn: make sure the clerk explained the reason to the applicant in person and gave a one-time notice of the missing materials, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="25"/>
        <source>办件还在本机待上传：保持专网连接并保持登录，系统会自动上传；日结前仍未上传的，逐件填写说明（例如：平台故障，次日补传）。</source>
        <translation>The case is still waiting to upload from this PC: stay connected to the private network and logged in, and it uploads automatically. If still not uploaded at day close, explain each case (e.g. platform fault, upload next day).</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="30"/>
        <source>复核人已授权，但办件没有提交：向经办人核实（办事人放弃、资料不全等）并填写说明。</source>
        <translation>A reviewer authorized the case but it was never submitted: check with the clerk (applicant gave up, incomplete documents…) and write an explanation.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="34"/>
        <source>核实补打原因（卡纸、遗失、办事人要求），确认原号票或回执已收回或作废，然后确认。</source>
        <translation>Check why it was reprinted (paper jam, lost, applicant request) and that the original ticket or receipt was taken back or voided, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="38"/>
        <source>核实查看完整号码是否为办理当时业务所必需；如无必要，提醒经办人，然后确认。</source>
        <translation>Check that showing the full number was needed for the case at hand; if not, remind the clerk, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="42"/>
        <source>证件号码为手工录入：核实原因（读卡器故障、证件损坏等）和证件复印件，然后确认。</source>
        <translation>The ID number was typed in by hand: check the reason (card reader fault, damaged ID…) and the ID copy, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="46"/>
        <source>非顺序叫号：核对理由是否合规（预约、老弱病残孕、回呼），防止挑号，然后确认。</source>
        <translation>Out-of-order call: check that the reason is allowed (appointment, elderly, sick, disabled or pregnant, recall) and not cherry-picking, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="50"/>
        <source>号码已取出但号票没有打印：确认已补打或已作废，不留“幽灵号”，然后确认。</source>
        <translation>A ticket number was issued but never printed: make sure it was reprinted or voided so no “ghost ticket” remains, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="54"/>
        <source>银行叫号系统与本机不一致：在叫号系统中核对该号码，必要时手工更正，然后确认。</source>
        <translation>The bank&apos;s calling system disagrees with this PC: check the number in the calling system, correct it by hand if needed, then confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/texts.py" line="58"/>
        <source>差评：1 日内回访办事人，15 日内整改并反馈（在“差评跟进”中登记），然后确认。</source>
        <translation>Bad rating: call the applicant back within 1 day, fix and report back within 15 days (record it in “Bad rating follow-up”), then confirm.</translation>
    </message>
</context>
<context>
    <name>SupervisorWorkspace</name>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="48"/>
        <source>今日概况</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="49"/>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="50"/>
        <source>对账</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="51"/>
        <source>差评·意见簿</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="52"/>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="53"/>
        <source>绩效</source>
        <translation>Performance</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="54"/>
        <source>日终签退</source>
        <translation>Day close</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="57"/>
        <source>培训考核</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="123"/>
        <source>主管功能</source>
        <translation>Supervisor functions</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/workspace.py" line="147"/>
        <source>{name}（{staff}）
网点主管</source>
        <translation>{name} ({staff})
Outlet supervisor</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../ui/supervisor/today.py" line="80"/>
        <source>今日概况</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="82"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="125"/>
        <location filename="../../ui/supervisor/today.py" line="278"/>
        <source>取号</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="126"/>
        <location filename="../../ui/supervisor/today.py" line="157"/>
        <location filename="../../ui/supervisor/today.py" line="279"/>
        <source>办结</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="127"/>
        <source>过号</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="128"/>
        <source>转办</source>
        <translation>Transfers</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="129"/>
        <source>取消</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="130"/>
        <source>未结束</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="131"/>
        <source>等候中位·分</source>
        <translation>Wait, min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="132"/>
        <source>办理中位·分</source>
        <translation>Service, min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="133"/>
        <source>预计准确率</source>
        <translation>Estimates</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="134"/>
        <source>暂停·分</source>
        <translation>Pauses, min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="142"/>
        <source>按小时：取号与办结（张）</source>
        <translation>Tickets by hour</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="144"/>
        <source>按小时：等候时间（分钟）</source>
        <translation>Wait by hour (min)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="146"/>
        <source>评价分布（按经办人）</source>
        <translation>Ratings by clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="147"/>
        <source>时段</source>
        <translation>By hour</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="153"/>
        <source>好差评</source>
        <translation>Service ratings</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="157"/>
        <source>号票</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="157"/>
        <source>等候</source>
        <translation>Wait</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="157"/>
        <source>办理</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="159"/>
        <source>业务</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="159"/>
        <location filename="../../ui/supervisor/today.py" line="164"/>
        <source>按业务</source>
        <translation>By item</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="162"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="162"/>
        <location filename="../../ui/supervisor/today.py" line="167"/>
        <source>按经办人</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="165"/>
        <location filename="../../ui/supervisor/today.py" line="168"/>
        <source>时间：分钟，中位数/P90</source>
        <translation>min, median/P90</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="171"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="171"/>
        <source>分钟</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="171"/>
        <source>暂停与原因</source>
        <translation>Pauses and reasons</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="175"/>
        <source>窗口暂停</source>
        <translation>Window pauses</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="229"/>
        <source>营业日 {day} · 更新于 {time}</source>
        <translation>Business day {day} · updated {time}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="234"/>
        <source> · 已日结（只读）</source>
        <translation> · day closed (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="238"/>
        <source>绿色通道 {g}</source>
        <translation>Priority {g}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="241"/>
        <source>重呼 {n}</source>
        <translation>Recalls {n}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="244"/>
        <source>过号重排 {n}</source>
        <translation>Requeued {n}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="249"/>
        <source>日终关闭 {n}</source>
        <translation>Day-end {n}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="253"/>
        <source>未打印 {n}</source>
        <translation>Unprinted {n}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="258"/>
        <location filename="../../ui/supervisor/today.py" line="262"/>
        <source>P90 {p}</source>
        <translation>P90 {p}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="267"/>
        <source>区间内 {w}/{m}</source>
        <translation>In range {w}/{m}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="271"/>
        <source>{n} 次</source>
        <translation>{n} times</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="286"/>
        <source>中位数</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="288"/>
        <source>P90</source>
        <translation>P90</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="294"/>
        <source>评价分布（按经办人）· {n} 条 · 差评 {b}</source>
        <translation>Ratings by clerk · {n} · bad {b}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="305"/>
        <source>原因：{r}</source>
        <translation>Reason: {r}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="309"/>
        <source>{w} 号窗口</source>
        <translation>Window {w}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="315"/>
        <source>预计等候：可比 {m} 张（共 {s} 张）</source>
        <translation>Wait estimates: {m} comparable (of {s})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="317"/>
        <source>，平均误差 {err} 分钟</source>
        <translation>, mean error {err} min</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="319"/>
        <source>，实际偏长</source>
        <translation>, actual waits longer</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/today.py" line="319"/>
        <source>，实际偏短</source>
        <translation>, actual waits shorter</translation>
    </message>
</context>
<context>
    <name>TodaysCases</name>
    <message>
        <location filename="../../ui/cases/today.py" line="78"/>
        <location filename="../../ui/cases/today.py" line="90"/>
        <source>今日办件</source>
        <translation>Today&apos;s cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="80"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="88"/>
        <source>时间 / 号码</source>
        <translation>Time / ticket</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="88"/>
        <source>事项 / 办事人</source>
        <translation>Item / applicant</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="88"/>
        <source>状态 / 办件编号</source>
        <translation>Status / case no.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="146"/>
        <source>共 {n} 件</source>
        <translation>{n} cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="156"/>
        <source>（离线）</source>
        <translation>(offline)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/today.py" line="186"/>
        <source> — 办件编号 {number}</source>
        <translation> — case no. {number}</translation>
    </message>
</context>
<context>
    <name>TrainerScreen</name>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="108"/>
        <source>培训考核 · 培训师屏幕</source>
        <translation>Training · trainer’s screen</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="159"/>
        <source>请选择学员和至少一个情景。</source>
        <translation>Choose a trainee and at least one scenario.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="266"/>
        <source>中止考核</source>
        <translation>Abort assessment</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="267"/>
        <source>中止后本次考核不评分、不记录。确定中止吗？</source>
        <translation>An aborted assessment is neither scored nor recorded. Abort it?</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="292"/>
        <source>考核已中止，未记录成绩。</source>
        <translation>Assessment aborted; no result recorded.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="326"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="340"/>
        <source>打印考核报告</source>
        <translation>Print assessment report</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/screen.py" line="362"/>
        <source>已送打印机。</source>
        <translation>Sent to the printer.</translation>
    </message>
</context>
<context>
    <name>TrainerWindow</name>
    <message>
        <location filename="../../ui/supervisor/training/window.py" line="30"/>
        <source>培训考核 · 培训师屏幕（培训模式）</source>
        <translation>Training · trainer’s screen (training mode)</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="56"/>
        <source>培训考核</source>
        <translation>Training and assessment</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="57"/>
        <source>打开培训师屏幕…</source>
        <translation>Open trainer’s screen…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="58"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="66"/>
        <source>考核合格后方可上岗，每周定期轮训。培训师屏幕在单独窗口打开（有第二台显示器时显示在其上）；学员在本机登录后按真实窗口办理，系统按日志和平台记录评分。</source>
        <translation>Staff take a post only after passing an assessment; refresher training is weekly. The trainer’s screen opens in its own window (on the second monitor if there is one); the trainee logs in on this PC and works as at a real window, scored from the journal and platform records.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="76"/>
        <location filename="../../ui/supervisor/training/page.py" line="89"/>
        <source>学员</source>
        <translation>Trainee</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="77"/>
        <source>最近考核</source>
        <translation>Last assessed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="78"/>
        <location filename="../../ui/supervisor/training/page.py" line="92"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="79"/>
        <location filename="../../ui/supervisor/training/page.py" line="93"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="80"/>
        <source>最近合格</source>
        <translation>Last passed</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="81"/>
        <source>考核次数</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="84"/>
        <location filename="../../ui/supervisor/training/page.py" line="100"/>
        <source>学员考核情况</source>
        <translation>Trainees</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="88"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="90"/>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="91"/>
        <source>情景数</source>
        <translation>Scenarios</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="94"/>
        <source>错误</source>
        <translation>Mistakes</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="95"/>
        <source>考核人</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/page.py" line="98"/>
        <location filename="../../ui/supervisor/training/page.py" line="102"/>
        <source>考核记录</source>
        <translation>Assessment history</translation>
    </message>
</context>
<context>
    <name>TrainingTexts</name>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="32"/>
        <source>拒办了应受理的事项</source>
        <translation>Refused an item that should be accepted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="33"/>
        <source>受理了不应受理的事项</source>
        <translation>Accepted an item that should be refused</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="34"/>
        <source>未出具一次性告知单</source>
        <translation>No one-time notice given</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="35"/>
        <source>未补打回执</source>
        <translation>Receipt not reprinted</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="36"/>
        <source>事项选错</source>
        <translation>Wrong item chosen</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="37"/>
        <source>群众未办理</source>
        <translation>Citizen not served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="38"/>
        <source>无必要查看完整号码</source>
        <translation>Full number shown without need</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="39"/>
        <source>无理由手工录入证件号</source>
        <translation>ID number typed in without reason</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="40"/>
        <source>缺少复核</source>
        <translation>Review missing</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="41"/>
        <source>自己复核自己</source>
        <translation>Reviewed own case</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="42"/>
        <source>未优先办理</source>
        <translation>Priority not served first</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="43"/>
        <source>未请群众评价</source>
        <translation>Citizen not asked to rate</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="44"/>
        <source>超过时限</source>
        <translation>Over the time limit</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="45"/>
        <source>操作过多</source>
        <translation>Too many inputs</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="49"/>
        <location filename="../../ui/supervisor/training/texts.py" line="50"/>
        <source>未到</source>
        <translation>Not arrived</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="51"/>
        <source>排队中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="52"/>
        <source>已叫号</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="53"/>
        <source>办理中</source>
        <translation>Being served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="54"/>
        <location filename="../../ui/supervisor/training/texts.py" line="55"/>
        <source>已办结</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="56"/>
        <source>已离开</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="57"/>
        <source>准备中</source>
        <translation>Preparing</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="58"/>
        <source>进行中</source>
        <translation>Running</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="59"/>
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/training/texts.py" line="60"/>
        <source>已中止</source>
        <translation>Aborted</translation>
    </message>
</context>
<context>
    <name>WedgeField</name>
    <message>
        <location filename="../../ui/identify/wedge.py" line="55"/>
        <source>等待扫码枪扫描…</source>
        <translation>Waiting for the scanner…</translation>
    </message>
    <message>
        <location filename="../../ui/identify/wedge.py" line="56"/>
        <source>电子社保卡二维码扫描框</source>
        <translation>E-social-security card QR scan box</translation>
    </message>
    <message>
        <location filename="../../ui/identify/wedge.py" line="70"/>
        <source>请用扫码枪扫描群众手机上的电子社保卡二维码（二维码不能手工输入）。</source>
        <translation>Scan the e-social-security card QR code on the citizen&apos;s phone with the scanner (it cannot be typed).</translation>
    </message>
</context>
<context>
    <name>WorkspaceHome</name>
    <message>
        <location filename="../../ui/workspace_home.py" line="48"/>
        <source>{role}工作台</source>
        <translation>{role} workspace</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="52"/>
        <source>本网点可办事项</source>
        <translation>Items this outlet may handle</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="53"/>
        <source>办事目录版本</source>
        <translation>Catalogue version</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="54"/>
        <source>网点类别</source>
        <translation>Outlet category</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="55"/>
        <source>{n} 类</source>
        <translation>Category {n}</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="63"/>
        <source>业务类别</source>
        <translation>Service group</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="63"/>
        <source>事项数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="63"/>
        <source>需复核</source>
        <translation>Need review</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="63"/>
        <source>收件转运</source>
        <translation>Collect and forward</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="68"/>
        <source>本网点办事目录分类统计</source>
        <translation>Catalogue of this outlet by service group</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="75"/>
        <source>办事目录分类</source>
        <translation>Catalogue by service group</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="107"/>
        <source>目录同步失败：{error} 正在使用本机缓存的目录。</source>
        <translation>Catalogue sync failed: {error} Using the catalogue cached on this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/workspace_home.py" line="112"/>
        <source>目录已于 {time} 与人社平台核对。</source>
        <translation>Catalogue checked with the bureau platform at {time}.</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../ui/core_texts.py" line="17"/>
        <source>导办</source>
        <translation>Guide</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="18"/>
        <source>经办</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="19"/>
        <source>复核</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="20"/>
        <source>收件转运</source>
        <translation>Collect and forward</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="21"/>
        <source>管理</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="22"/>
        <source>连接中…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="23"/>
        <source>在线</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="24"/>
        <source>网络不稳定</source>
        <translation>unstable</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="25"/>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="26"/>
        <source>{role}（{post}岗）</source>
        <translation>{role} ({post} post)</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="27"/>
        <source>为群众查找事项、一次性告知所需材料、发放社保业务排队号。</source>
        <translation>Find the item a citizen needs, tell all required materials at once, issue social-security queue tickets.</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="28"/>
        <source>叫号、核验身份、填写表单、核对材料、提交人社平台、打印回执、邀请评价。</source>
        <translation>Call tickets, verify identity, fill in forms, check materials, submit to the bureau, print receipts, invite a rating.</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="31"/>
        <source>整理收件转运材料、打印交接清单、登记与人社部门的交接。</source>
        <translation>Batch collected paper files, print the hand-over manifest, record hand-over to the bureau.</translation>
    </message>
    <message>
        <location filename="../../ui/core_texts.py" line="32"/>
        <source>复核高风险业务、查看当日日志、对账、处理差评与异常、日终签退。</source>
        <translation>Authorize high-risk items, review the day&apos;s journal, reconcile, handle bad ratings and exceptions, sign off the day.</translation>
    </message>
</context>
<context>
    <name>counter_app.window</name>
    <message>
        <location filename="../../ui/app.py" line="410"/>
        <source>上次运行异常退出，崩溃记录已保存到：</source>
        <translation>The last run ended abnormally. The crash record was saved to: </translation>
    </message>
</context>
<context>
    <name>self.login_page</name>
    <message>
        <location filename="../../ui/app.py" line="133"/>
        <source>正在启动培训平台…</source>
        <translation>Starting the training platform…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="133"/>
        <source>正在准备…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="162"/>
        <source>无法启动：</source>
        <translation>Cannot start: </translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="163"/>
        <source>无法登录</source>
        <translation>Cannot log in</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="333"/>
        <source>已退出登录。</source>
        <translation>Logged out.</translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../ui/app.py" line="222"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
</context>
<context>
    <name>workspace</name>
    <message>
        <location filename="../../ui/workspaces.py" line="169"/>
        <source>本岗位的专用功能将在后续版本提供。</source>
        <translation>Functions for this post will come in a later version.</translation>
    </message>
</context>
</TS>

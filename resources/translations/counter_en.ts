<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
        <location filename="../../ui/login.py" line="147"/>
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
        <location filename="../../ui/login.py" line="126"/>
        <source>培训平台的数据均为虚构，可放心练习。</source>
        <translation>All training platform data is fictitious: practise freely.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="135"/>
        <source>请输入工号。</source>
        <translation>Please enter your staff number.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="139"/>
        <source>请输入密码。</source>
        <translation>Please enter your password.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="147"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="37"/>
        <source>社银通 Counter（培训模式）</source>
        <translation>Shebaotong Counter (training mode)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="37"/>
        <source>社银通 Counter</source>
        <translation>Shebaotong Counter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57"/>
        <source>培训模式 · 连接培训平台，数据均为虚构，办理结果不产生任何真实业务</source>
        <translation>TRAINING MODE · connected to the training platform; all data is fictitious and nothing done here is real</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61"/>
        <source>培训模式提示</source>
        <translation>Training mode notice</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70"/>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>与人社平台的连接状态</source>
        <translation>Connection to the bureau platform</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="76"/>
        <source>【培训】</source>
        <translation>[TRAINING]</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>锁屏 (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>{name}（{staff}）· {role}</source>
        <translation>{name} ({staff}) · {role}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114"/>
        <source>{outlet}（{code}）· {window} 号窗口</source>
        <translation>{outlet} ({code}) · window {window}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>人社平台：{state}</source>
        <translation>Bureau platform: {state}</translation>
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
        <translation>Authorize high-risk items, review the day's journal, reconcile, handle bad ratings and exceptions, sign off the day.</translation>
    </message>
</context>
<context>
    <name>counter_app.window</name>
    <message>
        <location filename="../../ui/app.py" line="304"/>
        <source>上次运行异常退出，崩溃记录已保存到：</source>
        <translation>The last run ended abnormally. The crash record was saved to: </translation>
    </message>
</context>
<context>
    <name>self.login_page</name>
    <message>
        <location filename="../../ui/app.py" line="117"/>
        <source>正在启动培训平台…</source>
        <translation>Starting the training platform…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="117"/>
        <source>正在准备…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="144"/>
        <source>无法启动：</source>
        <translation>Cannot start: </translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="145"/>
        <source>无法登录</source>
        <translation>Cannot log in</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="228"/>
        <source>已退出登录。</source>
        <translation>Logged out.</translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../ui/app.py" line="175"/>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
</context>
</TS>

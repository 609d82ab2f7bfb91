"""`python -m grassroots accounts …`: the local sign-in accounts (grassroots/access/accounts.py)."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from dataclasses import replace
from pathlib import Path

import click

from grassroots.access.accounts import (ROLES, USERNAME, Account, default_file, editing, hash_password, load,
                                        role_code)
from grassroots.cli.common import CONTEXT, examples
from grassroots.store import snapshots

RUN = "python -m grassroots accounts"


@click.group(context_settings=CONTEXT, epilog=examples(
    f"{RUN} add wang --name 王芳 --role leader", f"{RUN} list", f"{RUN} --file /srv/grassroots/data/accounts.toml list",
    after="角色 / roles: " + "；".join(f"{c}（{zh}）" for c, (zh, _) in ROLES.items())))
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="账号文件（默认 <数据目录>/accounts.toml，数据目录为 data/ 或 $GRASSROOTS_DATA_DIR）/ accounts file.")
@click.pass_context
def accounts(ctx: click.Context, path: Path | None) -> None:
    """管理看板登录账号 / manage the dashboard's local accounts."""
    ctx.obj = path or default_file()


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码 / new password: ")
    if first != getpass.getpass("再输入一次 / again: "):
        raise click.ClickException("两次输入的密码不一致 / the passwords differ")
    return first


def _roles(values: tuple[str, ...], district: str | None) -> tuple[str, ...]:
    try:
        roles = tuple(dict.fromkeys(role_code(v) for v in values))
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    if not roles:
        raise click.BadParameter("至少指定一个 --role")
    if "district_clerk" in roles and not district:
        raise click.BadParameter("区级数据员（district_clerk）需要 --district 旗县区代码")
    if district:
        from grassroots.intake.reports import read_reference

        known = set(read_reference("districts", snapshots.REF_DIR)["district_code"])
        if district not in known:
            raise click.BadParameter(f"未知的旗县区代码 {district}")
    return roles


@accounts.command(epilog=examples(
    f"{RUN} add wang --name 王芳 --role leader",
    f"{RUN} add li --name 李强 --role district_clerk --district 150102",
    f"{RUN} add zhao@dept.gov.cn --role analyst --oidc     # 只用统一身份认证登录",
    f"{RUN} add wall --name 办公室大屏 --role screen       # 大屏专用账号：只能看大屏",
    f"echo 'a long password' | {RUN} add ops --role clerk --password-stdin"))
@click.argument("username")
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help=f"角色，可重复：{' / '.join(ROLES)}（或中文名）.")
@click.option("--district", default=None, help="区级数据员所属旗县区代码，如 150102 / district code of a district clerk.")
@click.option("--name", default="", help="显示名称，如 王芳 / display name.")
@click.option("--oidc", is_flag=True, help="不设密码：只能通过统一身份认证登录（账号名为其邮箱）/ identity provider only.")
@click.option("--password-stdin", is_flag=True, help="从标准输入读一行作为密码（脚本用）/ read the password from stdin.")
@click.pass_obj
def add(path: Path, username: str, roles: tuple[str, ...], district: str | None, name: str, oidc: bool,
        password_stdin: bool) -> None:
    """新增账号 / add an account."""
    if not USERNAME.match(username):
        raise click.BadParameter("账号名只能含字母、数字和 _ . @ -，至多 64 个字符", param_hint="USERNAME")
    codes = _roles(roles, district)
    hashed = None
    if not oidc:
        try:
            hashed = hash_password(_password(password_stdin))
        except ValueError as err:
            raise click.ClickException(str(err)) from None
    with editing(path) as accounts:
        if username.lower() in accounts:
            raise click.ClickException(f"账号 {username} 已存在（改密码用 passwd）")
        accounts[username.lower()] = Account(username, name, codes, district, hashed, False,
                                             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    click.echo(f"已添加 {username}（{'、'.join(ROLES[r][0] for r in codes)}{'，' + district if district else ''}）→ {path}")


@accounts.command(epilog=examples(f"{RUN} passwd wang", f"echo 'a new long password' | {RUN} passwd wang --password-stdin"))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="从标准输入读一行作为密码（脚本用）/ read the password from stdin.")
@click.pass_obj
def passwd(path: Path, username: str, password_stdin: bool) -> None:
    """设置新密码 / set a new password."""
    try:
        hashed = hash_password(_password(password_stdin))
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    with editing(path) as accounts:
        account = _existing(accounts, username)
        accounts[username.lower()] = replace(account, password_hash=hashed)
    click.echo(f"已更新 {username} 的密码")


@accounts.command(epilog=examples(f"{RUN} disable li"))
@click.argument("username")
@click.pass_obj
def disable(path: Path, username: str) -> None:
    """停用账号（保留记录，可 enable 恢复）/ disable an account."""
    _set_disabled(path, username, True)


@accounts.command(epilog=examples(f"{RUN} enable li"))
@click.argument("username")
@click.pass_obj
def enable(path: Path, username: str) -> None:
    """恢复已停用的账号 / enable a disabled account."""
    _set_disabled(path, username, False)


def _set_disabled(path: Path, username: str, disabled: bool) -> None:
    with editing(path) as accounts:
        accounts[username.lower()] = replace(_existing(accounts, username), disabled=disabled)
    click.echo(f"{'已停用' if disabled else '已恢复'} {username}")


@accounts.command(epilog=examples(f"{RUN} role li --role leader",
                                  f"{RUN} role li --role leader --role district_clerk --district 150103"))
@click.argument("username")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="新角色，可重复，替换原有角色 / the new roles (repeatable), replacing the old.")
@click.option("--district", default=None, help="区级数据员所属旗县区代码（不给则沿用原值）/ district code (default: unchanged).")
@click.pass_obj
def role(path: Path, username: str, roles: tuple[str, ...], district: str | None) -> None:
    """改变账号的角色 / change an account's roles (they apply at the user's next click)."""
    with editing(path) as accounts:
        account = _existing(accounts, username)
        codes = _roles(roles, district or account.district)
        kept = (district or account.district) if "district_clerk" in codes else None
        accounts[username.lower()] = replace(account, roles=codes, district=kept)
    click.echo(f"已将 {username} 的角色改为 {'、'.join(ROLES[r][0] for r in codes)}{'，' + kept if kept else ''}")


@accounts.command("list", epilog=examples(f"{RUN} list"))
@click.pass_obj
def list_(path: Path) -> None:
    """列出账号（不显示密码哈希）/ list accounts (never their hashes)."""
    accounts = load(path)
    if not accounts:
        click.echo(f"{path}：没有账号")
        return
    for a in sorted(accounts.values(), key=lambda a: a.username.lower()):
        how = "统一身份认证" if not a.password_hash else "密码"
        state = "已停用" if a.disabled else "启用"
        click.echo(f"{a.username:<24} {a.name or '—':<8} {'、'.join(ROLES[r][0] for r in a.roles):<16} "
                   f"{a.district or '':<7} {how:<8} {state}")


def _existing(accounts: dict[str, Account], username: str) -> Account:
    if username.lower() not in accounts:
        raise click.ClickException(f"没有账号 {username}")
    return accounts[username.lower()]


if __name__ == "__main__":
    cli()

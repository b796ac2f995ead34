//! Guild roles the bot creates and grants: `POST /guilds/{g}/roles`,
//! `PUT|DELETE /guilds/{g}/members/{u}/roles/{r}`.
//!
//! Enforced like Discord: MANAGE_ROLES needed (403/50013); at most 250 roles
//! (400/30005); a role name at most 100 characters (400/50035); a bot can only
//! create a role with permissions it has, and only grant or withdraw a role
//! placed below its own highest role (403/50013); unknown member 404/10007,
//! unknown role 404/10011. A new role is placed just above @everyone, as on
//! Discord. Creation is dispatched as GUILD_ROLE_CREATE to GUILDS sessions;
//! member updates need the privileged GUILD_MEMBERS intent and are not sent.

use serde_json::{json, Value};

use super::{checked, has_guild_perm, id, Resp};
use crate::fake_discord::spec::{perms, RoleSpec};
use crate::fake_discord::state::{as_u64, error_body, form_error, sid, State};

const GUILDS: u64 = 1;
/// Roles per guild (Discord: "Maximum number of guild roles reached (250)").
pub const GUILD_ROLE_LIMIT: usize = 250;

pub(super) fn create(st: &mut State, body: &Value) -> Resp {
    use serenity::model::guild::Role;
    if !has_guild_perm(st, perms::MANAGE_ROLES) {
        return Resp::missing_permissions();
    }
    if st.spec.roles.len() >= GUILD_ROLE_LIMIT {
        return Resp::err(
            400,
            error_body(30005, "Maximum number of guild roles reached (250)"),
        );
    }
    let name = body["name"].as_str().unwrap_or("new role").to_owned();
    if name.chars().count() > 100 {
        return Resp::err(
            400,
            form_error(
                "name",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 100 or fewer in length.",
            ),
        );
    }
    let permissions = as_u64(&body["permissions"]).unwrap_or(0);
    let bot = st.base_permissions(st.spec.bot_user_id);
    if permissions & !bot != 0 {
        return Resp::missing_permissions();
    }
    let role_id = st.snowflake();
    // Just above @everyone (index 0), below every existing role.
    st.spec
        .roles
        .insert(1, RoleSpec::new(role_id, &name, permissions));
    let role = st.role_json(role_id).unwrap_or_default();
    let role = checked::<Role>(st, "POST role", role);
    let event = json!({ "guild_id": sid(st.spec.guild_id), "role": role.clone() });
    st.broadcast("GUILD_ROLE_CREATE", event, GUILDS);
    Resp::ok(role)
}

/// Grants (`add`) or withdraws a role.
pub(super) fn member_role(st: &mut State, add: bool, user: &str, role: &str) -> Resp {
    if !has_guild_perm(st, perms::MANAGE_ROLES) {
        return Resp::missing_permissions();
    }
    let (Some(user), Some(role)) = (id(user), id(role)) else {
        return Resp::not_found(10011, "Unknown Role");
    };
    let Some(granted) = position(st, role) else {
        return Resp::not_found(10011, "Unknown Role");
    };
    let bot = st.spec.bot_user_id;
    let highest = st
        .spec
        .member(bot)
        .map(|m| m.roles.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|r| position(st, *r))
        .max()
        .unwrap_or(0);
    if granted >= highest && st.base_permissions(bot) & perms::ADMINISTRATOR == 0 {
        return Resp::missing_permissions();
    }
    let Some(member) = st.spec.members.iter_mut().find(|m| m.user_id == user) else {
        return Resp::not_found(10007, "Unknown Member");
    };
    member.roles.retain(|r| *r != role);
    if add {
        member.roles.push(role);
    }
    Resp::no_content()
}

fn position(st: &State, role: u64) -> Option<usize> {
    st.spec.roles.iter().position(|r| r.id == role)
}

// Who the token belongs to: GET /api/v1/me answers its name, role, centre (an operator's node)
// or department, and the case actions its role may take at all. A token the API refuses
// (401) is no session at all (the ApiError propagates).

// → {name, role, node, department, actions: Set}
export async function whoami(api) {
  const me = await api.me();
  return {
    name: me.name,
    role: me.role,
    node: me.node ? me.node.id : null,
    department: me.department ? me.department.id : null,
    actions: new Set(me.actions || []),
  };
}

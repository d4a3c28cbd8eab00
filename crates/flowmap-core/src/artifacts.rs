//! Which tool of the map an item belongs with, and whether it is a flow item: the rules that
//! join an item's source and artifact type to the tools' artifact types.

use crate::id::NodeId;
use crate::map::ValueStreamMap;
use crate::node::{ArtifactType, Node, Tool};

fn listed<'t>(tool: &'t Tool, artifact_type: &str) -> Option<&'t ArtifactType> {
    let wanted = artifact_type.trim();
    tool.artifact_types
        .iter()
        .find(|a| a.name.trim().eq_ignore_ascii_case(wanted))
}

impl ValueStreamMap {
    /// An item's tool: its source's tool, unless that tool (or a source with no tool) does not
    /// list the item's artifact type and exactly one tool of the map does — then that one. A
    /// log that spans the toolchain (an OCEL 2.0 log holds requests, features, stories and
    /// builds) is imported as one source, and each of its objects belongs with the tool that
    /// holds its type.
    pub fn tool_of_item(&self, source_tool: Option<NodeId>, artifact_type: &str) -> Option<NodeId> {
        let own = source_tool
            .and_then(|t| self.node(t))
            .and_then(Node::as_tool);
        if own.is_some_and(|t| listed(t, artifact_type).is_some()) {
            return source_tool;
        }
        let mut holders = self.nodes().filter_map(|n| match n {
            Node::Tool(t) if listed(t, artifact_type).is_some() => Some(t.id),
            _ => None,
        });
        match (holders.next(), holders.next()) {
            (Some(only), None) => Some(only),
            _ => source_tool,
        }
    }

    /// Whether items of `artifact_type` from a source of `source_tool` are flow items: true
    /// unless the item's tool ([`ValueStreamMap::tool_of_item`]) lists the type as not a flow
    /// item. A type no tool lists is a flow item.
    pub fn is_flow_item(&self, source_tool: Option<NodeId>, artifact_type: &str) -> bool {
        self.tool_of_item(source_tool, artifact_type)
            .and_then(|t| self.node(t))
            .and_then(Node::as_tool)
            .and_then(|t| listed(t, artifact_type))
            .is_none_or(|a| !a.not_flow_item)
    }
}

#[cfg(test)]
mod tests {
    use crate::node::{ArtifactType, Node, Tool, ToolKind};
    use crate::{FlowItemType, NodeId, ValueStreamMap};

    fn tool(n: u8, name: &str, types: &[(&str, bool)]) -> Tool {
        Tool {
            id: NodeId::from_random_bytes([n; 16]),
            name: name.into(),
            tool_kind: ToolKind::Other,
            partner: None,
            artifact_types: types
                .iter()
                .map(|(n, not_flow_item)| ArtifactType {
                    name: n.to_string(),
                    flow_item_type: FlowItemType::Feature,
                    not_flow_item: *not_flow_item,
                })
                .collect(),
        }
    }

    #[test]
    fn an_item_is_a_flow_item_unless_its_tool_says_its_type_is_not() {
        let mut map = ValueStreamMap::new("m").unwrap();
        let jira = tool(1, "Jira", &[("Story", false), ("Epic", true)]);
        let github = tool(2, "GitHub", &[("Pull Request", true)]);
        let (j, g) = (jira.id, github.id);
        map.add_node(Node::Tool(jira)).unwrap();
        map.add_node(Node::Tool(github)).unwrap();
        assert!(map.is_flow_item(Some(j), "Story"));
        assert!(
            !map.is_flow_item(Some(j), " epic "),
            "names match trimmed, any case"
        );
        assert!(!map.is_flow_item(Some(g), "Pull Request"));
        // A type the source's tool does not list belongs with the one tool that lists it.
        assert_eq!(map.tool_of_item(Some(j), "Pull Request"), Some(g));
        assert!(!map.is_flow_item(Some(j), "Pull Request"));
        assert!(!map.is_flow_item(None, "Pull Request"));
        // A type no tool lists is a flow item, in its source's tool.
        assert!(map.is_flow_item(Some(g), "Bug"));
        assert_eq!(map.tool_of_item(Some(g), "Bug"), Some(g));
        assert!(map.is_flow_item(None, "Bug"));
    }

    #[test]
    fn old_maps_read_every_type_as_a_flow_item_and_write_nothing_new() {
        let a: ArtifactType =
            serde_json::from_str(r#"{"name":"Story","flow_item_type":"Feature"}"#).unwrap();
        assert!(!a.not_flow_item);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"name":"Story","flow_item_type":"Feature"}"#
        );
    }
}

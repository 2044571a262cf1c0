use serde::{Deserialize, Serialize};

/// One thing a person may do on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    ViewSummary,
    View,
    Search,
    Annotate,
    Produce,
    ManageFiles,
    ManageTags,
    ShareProductions,
    ViewCommunications,
    ContactOwner,
    EditSettings,
    BatchUpdate,
    ManageAccess,
    ManagePermissions,
    DeleteCase,
}

impl Capability {
    pub const ALL: [Capability; 15] = [
        Capability::ViewSummary,
        Capability::View,
        Capability::Search,
        Capability::Annotate,
        Capability::Produce,
        Capability::ManageFiles,
        Capability::ManageTags,
        Capability::ShareProductions,
        Capability::ViewCommunications,
        Capability::ContactOwner,
        Capability::EditSettings,
        Capability::BatchUpdate,
        Capability::ManageAccess,
        Capability::ManagePermissions,
        Capability::DeleteCase,
    ];

    /// Capabilities that only ownership gives (SPEC.md §3: "Only owners of a case can delete that
    /// case"). No custom role may hold them, and `evaluate` gives them through no other path.
    pub const OWNERSHIP_ONLY: [Capability; 1] = [Capability::DeleteCase];

    pub fn ownership_only(self) -> bool {
        Capability::OWNERSHIP_ONLY.contains(&self)
    }

    /// The name used on the wire and in messages, e.g. `manage_access`.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::ViewSummary => "view_summary",
            Capability::View => "view",
            Capability::Search => "search",
            Capability::Annotate => "annotate",
            Capability::Produce => "produce",
            Capability::ManageFiles => "manage_files",
            Capability::ManageTags => "manage_tags",
            Capability::ShareProductions => "share_productions",
            Capability::ViewCommunications => "view_communications",
            Capability::ContactOwner => "contact_owner",
            Capability::EditSettings => "edit_settings",
            Capability::BatchUpdate => "batch_update",
            Capability::ManageAccess => "manage_access",
            Capability::ManagePermissions => "manage_permissions",
            Capability::DeleteCase => "delete_case",
        }
    }

    pub fn parse(text: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// What the capability allows, as the permission matrix shows it.
    pub fn description(self) -> &'static str {
        match self {
            Capability::ViewSummary => "See the case summary (reference, title, status, own tasks) only",
            Capability::View => "Open the case: details, defendants, documents within the defendant scope",
            Capability::Search => "Search documents; save and load searches",
            Capability::Annotate => "Add and remove annotations and redactions; apply and remove tags",
            Capability::Produce => "Create reports and productions",
            Capability::ManageFiles => "Upload, move, rename and delete documents and folders",
            Capability::ManageTags => "Create, edit and delete tags; delete saved searches, reports and productions",
            Capability::ShareProductions => "Share a production",
            Capability::ViewCommunications => "Read the case's communications and email records",
            Capability::ContactOwner => "Send a question to the case owner",
            Capability::EditSettings => "Adjust case setup and settings",
            Capability::BatchUpdate => "Change many annotations or documents in one operation",
            Capability::ManageAccess => {
                "Add and remove people, groups and domains; change roles; decide access requests"
            }
            Capability::ManagePermissions => "Change the case permission policy",
            Capability::DeleteCase => "Delete the case",
        }
    }
}

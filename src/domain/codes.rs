//! The enums of DOMAIN.md with their stable English codes (for JSON, CSV and scripts) and their
//! Chinese and English labels. Input accepts any of code, Chinese label or English label.

use super::text::{Lang, Refusal, Text};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Common behaviour of every coded enum, so parsing and listing are written once.
pub trait Code: Sized + Copy + PartialEq + 'static {
    /// What the enum is called, for error messages ("类型" / "category").
    const KIND: (&'static str, &'static str);
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn zh(self) -> &'static str;
    fn en(self) -> &'static str;
    fn aliases(self) -> &'static [&'static str];

    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// Accepts the code, either label or an alias; case and surrounding space do not matter.
    fn parse(input: &str) -> Option<Self> {
        let wanted = input.trim();
        Self::all().iter().copied().find(|v| {
            wanted.eq_ignore_ascii_case(v.code())
                || wanted == v.zh()
                || wanted.eq_ignore_ascii_case(v.en())
                || v.aliases().iter().any(|a| wanted.eq_ignore_ascii_case(a))
        })
    }

    /// Like [`Code::parse`], but a miss is a refusal listing what is accepted.
    fn parse_or_refuse(input: &str) -> Result<Self, Refusal> {
        Self::parse_or_offer(input, Self::all())
    }

    /// Like [`Code::parse_or_refuse`], but a miss lists only `offered`: the values that make
    /// sense where the input is asked for (a mark offers no "not evaluated").
    fn parse_or_offer(input: &str, offered: &[Self]) -> Result<Self, Refusal> {
        Self::parse(input).ok_or_else(|| {
            let input = super::sanitize::quote(input);
            let choices_zh: Vec<String> = offered
                .iter()
                .map(|v| format!("{} {}", v.zh(), v.code()))
                .collect();
            let choices_en: Vec<&str> = offered.iter().map(|v| v.code()).collect();
            Refusal::input(Text::new(
                format!(
                    "未知的{}「{}」；可用：{}",
                    Self::KIND.0,
                    input,
                    choices_zh.join("、")
                ),
                format!(
                    "unknown {} '{}'; expected one of: {}",
                    Self::KIND.1,
                    input,
                    choices_en.join(", ")
                ),
            ))
        })
    }
}

/// Declares a coded enum. The position of each variant is its stored form (see the serde impls):
/// add new variants at the end, never reorder or remove one without a store migration.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $name:ident ($kind_zh:literal, $kind_en:literal) {
            $($var:ident => $code:literal, $zh:literal, $en:literal $(, [$($alias:literal),*])?;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }

        impl Code for $name {
            const KIND: (&'static str, &'static str) = ($kind_zh, $kind_en);
            fn all() -> &'static [Self] { &[$($name::$var),+] }
            fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            fn zh(self) -> &'static str { match self { $($name::$var => $zh),+ } }
            fn en(self) -> &'static str { match self { $($name::$var => $en),+ } }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$var => &[$($($alias),*)?]),+ }
            }
        }

        // The code for people (JSON, the demo file); its position in the compact stored form.
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    s.serialize_str(self.code())
                } else {
                    let index = Self::all().iter().position(|v| v == self).expect("listed in all()");
                    s.serialize_u8(index as u8)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if d.is_human_readable() {
                    let raw = std::borrow::Cow::<str>::deserialize(d)?;
                    <$name as Code>::parse(&raw).ok_or_else(|| {
                        let codes: Vec<&str> = Self::all().iter().map(|c| c.code()).collect();
                        serde::de::Error::custom(format!(
                            "unknown {} code '{}'; expected one of: {}",
                            $kind_en,
                            raw,
                            codes.join(", ")
                        ))
                    })
                } else {
                    let index = u8::deserialize(d)?;
                    Self::all().get(index as usize).copied().ok_or_else(|| {
                        serde::de::Error::custom(format!("unknown {} number {}", $kind_en, index))
                    })
                }
            }
        }
    };
}

codes! {
    /// 类型 (A2, A4)
    Category ("类型", "category") {
        JointResearch => "joint_research", "联合研究类", "Joint research", ["联合研究"];
        TechTransfer => "tech_transfer", "技术转移类", "Technology transfer", ["技术转移"];
        Featured => "featured", "特色类", "Featured", ["特色"];
    }
}

codes! {
    /// Region groups of Guangdong's cities.
    RegionGroup ("地区", "region group") {
        Prd => "prd", "珠三角", "Pearl River Delta";
        East => "east", "粤东", "East";
        West => "west", "粤西", "West";
        North => "north", "粤北", "North";
    }
}

codes! {
    /// 依托单位性质 (A5.1)
    HostKind ("依托单位性质", "host kind") {
        University => "university", "高等院校", "University", ["高校"];
        Institute => "institute", "科研院所", "Research institute";
        Enterprise => "enterprise", "企业", "Enterprise";
        PrivateNonEnterprise => "private_non_enterprise", "民办非企业单位", "Private non-enterprise unit", ["民办非企"];
        Other => "other", "其他", "Other";
    }
}

codes! {
    /// 基地状态 (A9, A10, A14, A15.1.3)
    Status ("状态", "status") {
        Applied => "applied", "申报", "Applied", ["申报中"];
        Recommended => "recommended", "已推荐", "Recommended";
        Vetted => "vetted", "审查通过", "Vetted";
        Publicised => "publicised", "评审公示", "Publicised", ["publicized", "公示"];
        Recognised => "recognised", "已认定", "Recognised", ["recognized"];
        Rectifying => "rectifying", "整改中", "Rectifying";
        Removed => "removed", "已撤销", "Removed", ["撤销"];
        NotRecognised => "not_recognised", "不予认定", "Not recognised", ["not_recognized"];
    }
}

impl Status {
    /// Still an application, before the recognition decision.
    pub fn is_application(self) -> bool {
        matches!(
            self,
            Status::Applied | Status::Recommended | Status::Vetted | Status::Publicised
        )
    }

    /// In 序列管理: recognised, possibly rectifying.
    pub fn is_managed(self) -> bool {
        matches!(self, Status::Recognised | Status::Rectifying)
    }
}

codes! {
    /// 绩效评估结果 (A11, A15.1.2); `None` is "never evaluated" for views and filters.
    Outcome ("评估结果", "outcome") {
        Excellent => "excellent", "优秀", "Excellent";
        Qualified => "qualified", "合格", "Qualified";
        Unqualified => "unqualified", "不合格", "Unqualified";
        Absent => "absent", "未参加", "Absent";
        Withdrew => "withdrew", "中途退出", "Withdrew", ["withdrawn"];
        None => "none", "未评估", "Not evaluated";
    }
}

impl Outcome {
    /// What an evaluation can record (A11): every outcome but "not evaluated".
    pub const RECORDED: [Outcome; 5] = [
        Outcome::Excellent,
        Outcome::Qualified,
        Outcome::Unqualified,
        Outcome::Absent,
        Outcome::Withdrew,
    ];

    pub fn is_pass(self) -> bool {
        matches!(self, Outcome::Excellent | Outcome::Qualified)
    }

    /// Did not take part: A14.2 removal candidate.
    pub fn is_absence(self) -> bool {
        matches!(self, Outcome::Absent | Outcome::Withdrew)
    }
}

codes! {
    /// 年度执行报告状态 (A11, A15.3.1); derived from dates and reviews, never stored.
    ReportStatus ("报告状态", "report status") {
        Due => "due", "待提交", "Due";
        Submitted => "submitted", "已提交", "Submitted";
        Late => "late", "逾期提交", "Submitted late";
        Missing => "missing", "未提交", "Missing";
        Returned => "returned", "退回修改", "Returned for revision";
        Accepted => "accepted", "已审核", "Accepted";
    }
}

codes! {
    /// 年度执行报告审核结果
    ReportReview ("报告审核", "report review") {
        Accepted => "accepted", "已审核", "Accepted", ["通过"];
        Returned => "returned", "退回修改", "Returned", ["退回"];
    }
}

codes! {
    /// 重大事项变更类型 (A15.3.2)
    ChangeKind ("变更类型", "change kind") {
        Rename => "rename", "更名", "Rename";
        Leader => "leader", "负责人变更", "Leader change", ["负责人"];
        Host => "host", "依托单位变更", "Host unit change", ["依托单位"];
        Partner => "partner", "合作协议变更/终止", "Partner agreement change", ["合作协议变更", "合作协议终止"];
        Other => "other", "其他", "Other";
    }
}

codes! {
    /// 推荐单位审核 (A15.2.2)
    Review ("审核结果", "review") {
        Pending => "pending", "待审", "Pending";
        Approved => "approved", "通过", "Approved";
        Returned => "returned", "退回", "Returned";
    }
}

codes! {
    /// 科技安全风险领域 (A7.3, A14.4)
    RiskArea ("风险领域", "risk area") {
        KeyTechnology => "key_technology", "关键技术", "Key technology";
        Equipment => "equipment", "设备", "Equipment";
        Information => "information", "信息", "Information";
        Data => "data", "数据/数据跨境", "Data / cross-border data", ["数据", "数据跨境"];
        GeneticResources => "genetic_resources", "人类遗传资源", "Human genetic resources";
        Ethics => "ethics", "科研伦理", "Research ethics";
        Integrity => "integrity", "科研诚信", "Research integrity";
        ForeignAffairs => "foreign_affairs", "外事", "Foreign affairs";
        Other => "other", "其他", "Other";
    }
}

codes! {
    /// 严重程度, for risk notes and findings alike. Ordered low → critical.
    Severity ("严重程度", "severity") {
        Low => "low", "低", "Low";
        Medium => "medium", "中", "Medium";
        High => "high", "高", "High";
        Critical => "critical", "重大", "Critical";
    }
}

codes! {
    RiskStatus ("风险状态", "risk status") {
        Open => "open", "待处置", "Open";
        Mitigating => "mitigating", "处置中", "Mitigating";
        Closed => "closed", "已关闭", "Closed";
    }
}

codes! {
    /// 不再纳入序列管理的情形 (A14.1–A14.7)
    RemovalReason ("撤销理由", "removal reason") {
        A14_1 => "A14.1", "整改期后复评仍不达标", "Unqualified after rectification", ["14.1"];
        A14_2 => "A14.2", "无故不参加或中途退出考核评估", "Absent from or quit an evaluation without cause", ["14.2"];
        A14_3 => "A14.3", "提供虚假信息", "False information", ["14.3"];
        A14_4 => "A14.4", "重大外交事故或影响科技安全", "Diplomatic incident or S&T security breach", ["14.4"];
        A14_5 => "A14.5", "违法违规违纪造成严重后果", "Serious illegal conduct", ["14.5"];
        A14_6 => "A14.6", "隐瞒重大事项变化或整改后不符合条件", "Concealed a major change, or unfit after rectification", ["14.6"];
        A14_7 => "A14.7", "其他不宜继续作为基地的情形", "Other", ["14.7"];
    }
}

codes! {
    /// 来源 (A10)
    Origin ("来源", "origin") {
        New => "new", "新认定", "Newly recognised";
        Legacy => "legacy", "原申报认定", "Legacy", ["原\"申报—认定\"程序", "原申报—认定"];
    }
}

codes! {
    /// 负责人资格 (A6.1)
    Qualification ("负责人资格", "qualification") {
        Phd => "phd", "博士", "PhD", ["博士学位"];
        SeniorTitle => "senior_title", "副高及以上", "Associate-senior title or above", ["副高", "副高及以上职称"];
        EnterpriseSenior => "enterprise_senior", "企业高级职务", "Senior enterprise role";
        None => "none", "无", "None";
    }
}

codes! {
    /// 负责人身份 (A6.3)
    Identity ("负责人身份", "identity") {
        Domestic => "domestic", "境内", "Domestic";
        Foreign => "foreign", "外籍", "Foreign national";
        HkMacauTaiwan => "hk_macau_taiwan", "港澳台", "HK / Macau / Taiwan";
    }
}

codes! {
    /// 合作文件类型 (A5.2)
    AgreementKind ("合作文件类型", "agreement kind") {
        Agreement => "agreement", "协议", "Agreement", ["合作协议"];
        Memorandum => "memorandum", "备忘录", "Memorandum", ["合作备忘录", "mou"];
    }
}

codes! {
    /// Kinds of triage finding; computed from the records and today's date, never stored.
    FindingKind ("问题类型", "finding kind") {
        ReportOverdue => "report_overdue", "年度报告逾期", "Annual report overdue";
        ReportsMissedInRow => "reports_missed_in_row", "连续未提交年度报告", "Annual reports missed in a row";
        ReportDueSoon => "report_due_soon", "年度报告即将到期", "Annual report due soon";
        ReportReturned => "report_returned", "年度报告退回待修改", "Annual report returned for revision";
        RectificationDue => "rectification_due", "整改期限将至或已过", "Rectification deadline near or passed";
        RemovalCandidate => "removal_candidate", "撤销候选", "Removal candidate";
        ChangeNotFiled => "change_not_filed", "重大事项未报备", "Major change not filed";
        ChangeFiledLate => "change_filed_late", "重大事项逾期报备", "Major change filed late";
        RiskOpen => "risk_open", "高风险未关闭", "Open high-severity risk";
        RiskPlanMissing => "risk_plan_missing", "缺少科技安全风险应对预案", "No security-risk plan";
        PartnerExpiring => "partner_expiring", "合作协议即将到期", "Partner agreement expiring";
        NoValidPartner => "no_valid_partner", "无有效国外合作协议", "No valid foreign partner agreement";
        LegacyUnevaluated => "legacy_unevaluated", "原有基地未获优秀/合格", "Legacy base without excellent/qualified";
        LeaderUnqualified => "leader_unqualified", "负责人不符合条件", "Leader does not qualify";
        LeaderDualIdentity => "leader_dual_identity", "负责人双重身份", "Leader with dual identity";
        ApplicationBanned => "application_banned", "五年内不得重新申请", "Application inside a five-year ban";
        PartnerCountryUnknown => "partner_country_unknown", "合作方国别无法识别", "Partner country not recognised";
        LeaderChangeUnqualified => "leader_change_unqualified", "负责人变更未填写资格", "Leader change without a qualification";
        ChangeReturned => "change_returned", "变更报备被推荐单位退回", "Change filing returned by the recommender";
        ChangeReviewOverdue => "change_review_overdue", "推荐单位逾期未审核变更", "Change filing not reviewed in time";
        RemovalAfterExcuse => "removal_after_excuse", "已说明正当理由仍按A14.2撤销", "A14.2 removal of an excused absence";
        RegulationLapsed => "regulation_lapsed", "管理办法已过有效期", "Regulation past its validity";
    }
}

codes! {
    /// 管理制度 (A7.3): declared at application, one eligibility line each.
    SystemKind ("管理制度", "management system") {
        IpOwnership => "ip_ownership", "知识产权归属", "IP ownership", ["知识产权"];
        BenefitSharing => "benefit_sharing", "权益分配", "Benefit sharing";
        CrossBorderData => "cross_border_data", "数据跨境", "Cross-border data";
        GeneticResources => "genetic_resources", "人类遗传资源", "Human genetic resources";
        ResearchEthics => "research_ethics", "科研伦理", "Research ethics", ["科技伦理", "ethics"];
        DisputePlan => "dispute_plan", "违约责任及争议处理", "Breach and dispute plan", ["违约责任", "争议处理"];
        SecurityMechanism => "security_mechanism", "科技安全风险研判、预警监测和综合评估", "Security-risk assessment, warning and evaluation", ["科技安全", "security"];
    }
}

codes! {
    /// 国际科技创新合作项目的级别 (A8.1 国家级或省级, A8.3 国家级或省部级).
    ProjectLevel ("项目级别", "project level") {
        National => "national", "国家级", "National";
        Provincial => "provincial", "省级", "Provincial";
        Ministerial => "ministerial", "省部级", "Provincial or ministerial", ["部级", "provincial_ministerial"];
    }
}

codes! {
    /// Roles of jidi users (OS accounts); see `domain::roles` for what each permits.
    Role ("角色", "role") {
        Viewer => "viewer", "查看", "Viewer", ["只读"];
        Editor => "editor", "编辑", "Editor";
        Security => "security", "保密", "Security", ["安全"];
        Admin => "admin", "管理员", "Admin", ["管理"];
    }
}

codes! {
    /// Where the follow-up of a finding stands (a case): open → contacted → waiting → done, or
    /// dismissed with a reason.
    CaseState ("跟进状态", "case state") {
        Open => "open", "待处理", "Open";
        Contacted => "contacted", "已联系", "Contacted";
        Waiting => "waiting", "等待回复", "Waiting";
        Done => "done", "已完成", "Done";
        Dismissed => "dismissed", "不予处理", "Dismissed", ["驳回"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_labels_and_aliases() {
        assert_eq!(
            Category::parse("joint_research"),
            Some(Category::JointResearch)
        );
        assert_eq!(Category::parse("联合研究类"), Some(Category::JointResearch));
        assert_eq!(Category::parse(" Featured "), Some(Category::Featured));
        assert_eq!(Outcome::parse("不合格"), Some(Outcome::Unqualified));
        assert_eq!(RemovalReason::parse("a14.2"), Some(RemovalReason::A14_2));
        assert_eq!(Category::parse("联合"), None);
    }

    #[test]
    fn a_mark_s_refusal_offers_only_recorded_outcomes() {
        let err = Outcome::parse_or_offer("很好", &Outcome::RECORDED).unwrap_err();
        assert!(err.text.zh.contains("中途退出 withdrew"), "{}", err.text.zh);
        assert!(!err.text.zh.contains("未评估"), "{}", err.text.zh);
        assert!(!err.text.en.contains("none"), "{}", err.text.en);
    }

    #[test]
    fn refusal_lists_the_choices() {
        let err = Outcome::parse_or_refuse("很好").unwrap_err();
        assert!(err.text.zh.contains("很好"), "{}", err.text.zh);
        assert!(
            err.text.en.contains("excellent, qualified"),
            "{}",
            err.text.en
        );
    }

    #[test]
    fn serde_uses_codes() {
        let json = serde_json::to_string(&Status::NotRecognised).unwrap();
        assert_eq!(json, "\"not_recognised\"");
        let back: Status = serde_json::from_str("\"rectifying\"").unwrap();
        assert_eq!(back, Status::Rectifying);
        assert!(serde_json::from_str::<Status>("\"gone\"").is_err());
    }

    #[test]
    fn severity_orders_low_to_critical() {
        assert!(Severity::Low < Severity::Medium);
        assert!(Severity::High < Severity::Critical);
    }
}

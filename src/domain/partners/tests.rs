//! Boundaries of partner agreements: validity against the signing day, countries from the table.

use super::*;
use crate::domain::testkit::{base_recognised, d, with_ctx};

const TODAY: &str = "2026-11-25";

#[test]
fn a_partner_valid_until_its_signing_day_is_refused_under_a5_2() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let count = b.partners.len();
        let input = |until| PartnerInput {
            name: "Fraunhofer".into(),
            country: "德国".into(),
            kind: AgreementKind::Memorandum,
            signed: d("2026-01-01"),
            until,
        };
        let err = add_partner(&mut b, ctx, input(d("2026-01-01"))).unwrap_err();
        assert_eq!(err.rule, Some("A5.2"));
        assert_eq!(b.partners.len(), count);
        add_partner(&mut b, ctx, input(d("2026-01-02"))).unwrap();
        assert_eq!(b.partners.len(), count + 1);
        let number = (count + 1).to_string();
        assert!(end_partner(&mut b, ctx, &number, d("2025-12-31")).is_err());
        end_partner(&mut b, ctx, &number, d("2026-01-01")).unwrap();
        assert!(end_partner(&mut b, ctx, &number, d(TODAY)).is_err());
        assert!(end_partner(&mut b, ctx, "0", d(TODAY)).is_err());
    });
}

#[test]
fn a5_2_a_partner_gets_the_tables_code_and_a_mainland_or_unknown_country_is_refused() {
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let input = |country: &str| PartnerInput {
            name: "Harbourfront Lab".into(),
            country: country.into(),
            kind: AgreementKind::Agreement,
            signed: d("2026-01-01"),
            until: d("2029-01-01"),
        };
        add_partner(&mut b, ctx, input("中国香港特别行政区")).unwrap();
        let added = b.partners.last().unwrap();
        assert_eq!(
            (added.country.as_str(), added.country_code.as_deref()),
            ("中国香港特别行政区", Some("HK"))
        );
        let count = b.partners.len();
        for bad in ["上海市", "China", "Atlantis"] {
            assert_eq!(
                add_partner(&mut b, ctx, input(bad)).unwrap_err().rule,
                Some("A5.2"),
                "{bad}"
            );
        }
        assert_eq!(b.partners.len(), count);
        let n = count.to_string();
        assert!(set_partner_country(&mut b, ctx, &n, "深圳").is_err());
        let name = b.partners[count - 1].name.clone();
        assert_eq!(
            set_partner_country(&mut b, ctx, &n, "Macau"),
            Ok((name, "MO".into()))
        );
        assert_eq!(b.partners[count - 1].country, "Macau");
        assert!(set_partner_country(&mut b, ctx, "99", "DE").is_err());
    });
}

//! How long one access decision takes as a case's grants grow: one person, one case, with 10,
//! 1,000 and 100,000 individual grants on it (the person's own among them).
//! Run: `cargo bench -p domain --bench evaluate`.
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use domain::access::roles::{REVIEWER, built_in_role};
use domain::access::{CaseFacts, DefendantScope, IndividualGrant, Subject, evaluate};
use domain::directory::{AccountType, OrganisationKind};
use domain::{OfficeId, Timestamp, UserId};
use std::hint::black_box;

fn case_with(grants: usize) -> CaseFacts {
    let mut case = CaseFacts::owned_by(UserId(1));
    let role = built_in_role(REVIEWER);
    case.grants = (0..grants)
        .map(|i| IndividualGrant {
            user: UserId(10 + i as i64),
            role: role.clone(),
            scope: DefendantScope::All,
            expires_at: (i % 3 == 0).then_some(Timestamp(2_000_000_000_000)),
            retained: false,
            granted_by: None,
        })
        .collect();
    case
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    for grants in [10usize, 1_000, 100_000] {
        let case = case_with(grants);
        // The subject holds the last grant, so the whole list is scanned.
        let subject = Subject {
            user: UserId(10 + grants as i64 - 1),
            email_domain: "cps.example.cjsm.net".into(),
            usual_role: Some("Paralegal".into()),
            office: Some(OfficeId(1)),
            location: Some("Southwark".into()),
            account_type: AccountType::Standard,
            organisation_kind: Some(OrganisationKind::Prosecution),
            office_cases_permission: false,
            allows_sharing: false,
        };
        group.bench_with_input(BenchmarkId::from_parameter(grants), &case, |b, case| {
            b.iter(|| evaluate(black_box(&subject), black_box(case), Timestamp(1_800_000_000_000)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

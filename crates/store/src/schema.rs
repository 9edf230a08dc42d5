//! The tables, as diesel sees them; identical on both backends (`migrations/sqlite`, `migrations/postgres`).
diesel::table! {
    agencies (id) {
        id -> Text,
        name -> Text,
        doc_prefix -> Text,
        address -> Text,
        contact -> Text,
        review_body -> Text,
        court -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        agency_id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    applicants (id) {
        id -> Text,
        agency_id -> Text,
        kind -> Text,
        name -> Text,
        id_doc_type -> Nullable<Text>,
        id_doc_number -> Nullable<Text>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        address -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        agency_id -> Text,
        number_year -> Integer,
        number_seq -> Integer,
        applicant_id -> Nullable<Text>,
        tracking_code -> Text,
        stage -> Text,
        receipt_date -> Date,
        due_date -> Nullable<Date>,
        provisional -> Bool,
        assignee_id -> Nullable<Text>,
        outcome -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        handling_state -> Nullable<Text>,
    }
}

diesel::table! {
    case_events (case_id, seq) {
        case_id -> Text,
        seq -> Integer,
        kind -> Text,
        payload -> Text,
        actor_id -> Text,
        actor_name -> Text,
        recorded_at -> Timestamp,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        case_id -> Text,
        agency_id -> Text,
        kind -> Text,
        title -> Text,
        doc_year -> Nullable<Integer>,
        doc_seq -> Nullable<Integer>,
        doc_number -> Nullable<Text>,
        issued_on -> Date,
        content -> Binary,
        sha256 -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        case_id -> Text,
        filename -> Text,
        content_type -> Text,
        content -> Binary,
        sha256 -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    case_search (case_id) {
        case_id -> Text,
        agency_id -> Text,
        channel -> Nullable<Text>,
        request_text -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        case_id -> Nullable<Text>,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        document_id -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        message_id -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        kind -> Text,
        dedupe_key -> Nullable<Text>,
        lease_owner -> Nullable<Text>,
    }
}

diesel::table! {
    mail_attempts (outbox_id, attempt) {
        outbox_id -> Text,
        attempt -> Integer,
        worker -> Text,
        outcome -> Text,
        response -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    staff_emails (user_id) {
        user_id -> Text,
        email -> Text,
    }
}

diesel::table! {
    worker_leases (name) {
        name -> Text,
        owner -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    sequences (agency_id, kind, year) {
        agency_id -> Text,
        kind -> Text,
        year -> Integer,
        next_value -> Integer,
    }
}

diesel::table! {
    report_locks (agency_id, year) {
        agency_id -> Text,
        year -> Integer,
        figures -> Text,
        inputs_hash -> Text,
        locked_by -> Text,
        locked_by_name -> Text,
        locked_at -> Timestamp,
    }
}

diesel::table! {
    calendar_imports (year, seq) {
        year -> Integer,
        seq -> Integer,
        csv -> Text,
        sha256 -> Text,
        imported_by -> Text,
        imported_by_name -> Text,
        imported_at -> Timestamp,
        cases_updated -> Integer,
    }
}

diesel::table! {
    user_departments (user_id) {
        user_id -> Text,
        department -> Text,
    }
}

diesel::joinable!(users -> agencies (agency_id));
diesel::joinable!(user_departments -> users (user_id));
diesel::joinable!(cases -> agencies (agency_id));
diesel::joinable!(cases -> applicants (applicant_id));
diesel::joinable!(case_events -> cases (case_id));
diesel::joinable!(documents -> cases (case_id));
diesel::joinable!(attachments -> cases (case_id));
diesel::joinable!(case_search -> cases (case_id));
diesel::joinable!(staff_emails -> users (user_id));
diesel::joinable!(mail_attempts -> outbox (outbox_id));

diesel::allow_tables_to_appear_in_same_query!(
    agencies,
    users,
    applicants,
    cases,
    case_events,
    documents,
    attachments,
    case_search,
    outbox,
    mail_attempts,
    sequences,
    staff_emails,
    worker_leases,
    api_tokens,
    report_locks,
    calendar_imports,
    user_departments,
);

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        token_sha256 -> Text,
        label -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));

diesel::table! {
    staff_email_changes (id) {
        id -> Text,
        user_id -> Text,
        old_email -> Nullable<Text>,
        new_email -> Nullable<Text>,
        changed_by -> Text,
        changed_by_name -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    department_changes (id) {
        id -> Text,
        user_id -> Text,
        old_department -> Nullable<Text>,
        new_department -> Nullable<Text>,
        changed_by -> Text,
        changed_by_name -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(department_changes -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(department_changes, users);

diesel::joinable!(staff_email_changes -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(staff_email_changes, users);

diesel::table! {
    reply_clauses (agency_id, outcome_key, version) {
        agency_id -> Text,
        outcome_key -> Text,
        version -> Integer,
        citation_key -> Text,
        wording -> Text,
        note -> Text,
        published_by -> Text,
        published_by_name -> Text,
        published_at -> Timestamp,
    }
}

diesel::table! {
    reply_clause_uses (document_id) {
        document_id -> Text,
        outcome_key -> Text,
        version -> Integer,
    }
}

diesel::joinable!(reply_clause_uses -> documents (document_id));
diesel::allow_tables_to_appear_in_same_query!(reply_clause_uses, documents);

diesel::table! {
    report_facts (case_id) {
        case_id -> Text,
        agency_id -> Text,
        number_year -> Integer,
        number_seq -> Integer,
        applicant_kind -> Nullable<Text>,
        received_on -> Date,
        concluded_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
        reviews -> Nullable<Text>,
    }
}

diesel::table! {
    projection_rebuilds (name) {
        name -> Text,
        requested_at -> Timestamp,
    }
}

diesel::joinable!(report_facts -> cases (case_id));
diesel::allow_tables_to_appear_in_same_query!(report_facts, cases);

import type { Knex } from 'knex';

// Corrections and tips sent by readers about one published claim or dispute, and how editors
// handled them. The sender's IP is kept only while it counts towards the rate limit.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tips', (t) => {
    t.increments('id');
    t.integer('claim_id').references('id').inTable('claims').withKeyName('tips_claim_fk');
    t.integer('dispute_id').references('id').inTable('disputes').withKeyName('tips_dispute_fk');
    t.string('body', 2000).notNullable();
    t.string('evidence_url', 2000);
    t.string('email', 254);
    t.string('ip', 64);
    t.string('state', 16).notNullable().defaultTo('open');
    t.string('resolution_note', 2000);
    t.string('resolution_url', 2000);
    t.integer('handled_by').references('id').inTable('editors').withKeyName('tips_handled_by_fk');
    t.timestamp('handled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('num_nonnulls(claim_id, dispute_id) = 1', [], 'tips_one_subject');
    t.check('char_length(btrim(body)) > 0', [], 'tips_body_present');
    t.check("evidence_url is null or evidence_url ~ '^(http|https)://'", [], 'tips_evidence_url_check');
    t.check("resolution_url is null or resolution_url ~ '^((http|https)://|/[^/])'", [], 'tips_resolution_url_check');
    t.check("state in ('open', 'accepted', 'dismissed')", [], 'tips_state_check');
    t.check("(state = 'open') = (handled_at is null)", [], 'tips_handled_when_closed');
    t.check("state <> 'dismissed' or char_length(btrim(coalesce(resolution_note, ''))) > 0", [], 'tips_dismissal_has_reason');
    t.check("state <> 'accepted' or resolution_note is not null or resolution_url is not null", [], 'tips_acceptance_explained');
    t.index(['state', 'created_at'], 'tips_queue_index');
    t.index(['ip', 'created_at'], 'tips_ip_index');
    t.index(['claim_id'], 'tips_claim_index');
    t.index(['dispute_id'], 'tips_dispute_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tips');
}

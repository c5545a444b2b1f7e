import type { Knex } from 'knex';

// A claim's figure (what is counted, among whom, how many, in what unit, when and where),
// so that figures counting the same thing can be drawn on one scale; and how strongly the
// evidence backs each verdict.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('claims', (t) => {
    t.string('figure_measure', 200);
    t.string('figure_group', 200);
    t.decimal('figure_low', 14, 2);
    t.decimal('figure_high', 14, 2);
    t.string('figure_unit', 50);
    t.string('figure_period', 100);
    t.string('figure_place', 200);
    t.string('evidence_strength', 24).notNullable().defaultTo('none');
    t.check('(figure_measure is null) = (figure_low is null)', [], 'claims_figure_complete');
    t.check('figure_high is null or figure_high >= figure_low', [], 'claims_figure_range_order');
    t.check("evidence_strength in ('none', 'single_source', 'independent_sources', 'documentary')", [], 'claims_evidence_strength_check');
  });
  await knex.schema.alterTable('status_changes', (t) => {
    t.string('evidence_strength', 24);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('status_changes', (t) => {
    t.dropColumn('evidence_strength');
  });
  await knex.schema.alterTable('claims', (t) => {
    t.dropChecks(['claims_figure_complete', 'claims_figure_range_order', 'claims_evidence_strength_check']);
    t.dropColumns('figure_measure', 'figure_group', 'figure_low', 'figure_high', 'figure_unit', 'figure_period', 'figure_place', 'evidence_strength');
  });
}

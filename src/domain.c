/* domain.c: the catalogs of the domain (DOMAIN.md), with their Danish
 * labels.  Keys are stored in the database; labels are translated when
 * shown.  Add an entry at the end of a list; never reuse a key. */
#include "hjemvej.h"

#include <string.h>

/* DOMAIN.md §2, core element 2: the actors of the interdisciplinary team,
 * and who refers (§3 step 1). */
const Choice actors[] = {
	{"boern_unge", N_("Børn- og Ungeforvaltningen")},
	{"jobcenter", N_("Beskæftigelsesforvaltningen (jobcenter)")},
	{"uu", N_("UU-vejledningen")},
	{"misbrug", N_("Misbrugsbehandling")},
	{"visitation", N_("Socialforvaltningen: Myndighedsområdet/visitation")},
	{"ydelse", N_("Socialforvaltningen: Ydelsesafdelingen")},
	{"bostoette", N_("Socialforvaltningen: Bostøtteteam")},
	{"socialpsykiatri", N_("Socialpsykiatrien")},
	{"regionspsykiatri", N_("Regionspsykiatrien")},
	{"kriminalforsorg", N_("Kriminalforsorgen")},
	{"boliganvisning", N_("Den kommunale boliganvisning")},
	{"boligforening", N_("Boligforening eller boligselskab")},
	{"gadeplan", N_("Gadeplansmedarbejder (opsøgende arbejde)")},
	{"herberg", N_("Herberg, forsorgshjem eller natvarmestue")},
	{"andet", N_("Andet")},
	{0, 0},
};

/* DOMAIN.md §1: the seven risk factors for young people at risk. */
const Choice risk_factors[] = {
	{"uddannelse", N_("Ustabil eller manglende tilknytning til skole, uddannelse eller beskæftigelse")},
	{"misbrug", N_("Misbrug")},
	{"psykisk", N_("Psykiske vanskeligheder")},
	{"opvaekst", N_("Opvækst præget af ustabilitet og problemer")},
	{"anbringelse", N_("Anbringelse uden for hjemmet")},
	{"netvaerk", N_("Svagt netværk")},
	{"forebyggende", N_("Forebyggende foranstaltninger")},
	{0, 0},
};

/* DOMAIN.md §1: housing situation, as the national homelessness count. */
const Choice housing_situations[] = {
	{"gade", N_("Gadesover (gade, trappeopgang, skur)")},
	{"natvarme", N_("Natvarmestue")},
	{"herberg", N_("Herberg/forsorgshjem (Serviceloven §110)")},
	{"hotel", N_("Hotel, vandrerhjem eller camping pga. hjemløshed")},
	{"sofa", N_("Midlertidigt hos familie/venner uden kontrakt (sofasurfer)")},
	{"udslusning", N_("Udslusningsbolig uden fast lejekontrakt")},
	{"faengsel", N_("Fængsel, løsladelse inden for 1 måned uden bolig")},
	{"hospital", N_("Hospital/behandling, udskrivning inden for 1 måned uden bolig")},
	{"andet", N_("Andet")},
	{0, 0},
};

const Choice target_groups[] = {
	{"homeless", N_("Ung i hjemløshed")},
	{"at_risk", N_("Ung i risiko for hjemløshed")},
	{0, 0},
};

/* DOMAIN.md §3: the seven steps of the young person's course. */
const Choice steps[] = {
	{"1", N_("Henvist")},
	{"2", N_("Udredt og visiteret")},
	{"3", N_("Startet i samarbejdsmodellen")},
	{"4", N_("Bostøtte startet")},
	{"5", N_("Flyttet i egen bolig")},
	{"6", N_("Bostøtte afsluttet")},
	{"7", N_("Samarbejdsmodellen afsluttet")},
	{0, 0},
};

/* DOMAIN.md §3: the three combinations of methods (allocation, step 2). */
const Choice combinations[] = {
	{"model", N_("Samarbejdsmodellen uden bostøtte")},
	{"model_cti", N_("Samarbejdsmodellen + CTI")},
	{"model_icm", N_("Samarbejdsmodellen + ICM")},
	{0, 0},
};

/* DOMAIN.md §3 step 4: a home is found when it is assigned or the lease signed. */
const Choice home_kinds[] = {
	{"assigned", N_("Bolig tildelt")},
	{"lease", N_("Lejekontrakt underskrevet")},
	{0, 0},
};

/* DOMAIN.md §3 step 7: why the collaboration model ends. */
const Choice end_reasons[] = {
	{"less_complex", N_("Den unges problemer er blevet mindre komplekse")},
	{"self", N_("Den unge klarer selv koordineringen")},
	{"moved", N_("Den unge er flyttet fra kommunen")},
	{"declined", N_("Den unge har takket nej")},
	{"other", N_("Andet")},
	{0, 0},
};

/* DOMAIN.md §3 step 7: the young person and the team take part in the decision. */
const Choice close_involvement[] = {
	{"youth", N_("Den unge har deltaget i beslutningen")},
	{"team", N_("Det tværfaglige team har deltaget i beslutningen")},
	{0, 0},
};

/* DOMAIN.md §3 step 3: the coordinator's start checklist. */
const Choice start_checklist[] = {
	{"expectations", N_("Forventninger er afstemt med den unge")},
	{"consent", N_("Samtykke er indhentet")},
	{"network", N_("Netværket er kortlagt")},
	{"situation", N_("Livssituation, behov og motivation er afdækket")},
	{"services", N_("Nuværende indsatser er oplistet")},
	{"first_meeting", N_("Første netværksmøde er planlagt")},
	{0, 0},
};

const Choice role_choices[] = {
	{"admin", N_("Administrator")},
	{"leader", N_("Ledergruppe")},
	{"project_leader", N_("Projektleder")},
	{"coordinator", N_("Myndighedskoordinator")},
	{"support", N_("Bostøttemedarbejder")},
	{"team", N_("Fagperson i det tværfaglige team")},
	{0, 0},
};

const Choice languages[] = {
	{"da", N_("Dansk")},
	{"en", N_("Engelsk")},
	{0, 0},
};

/* DOMAIN.md §2: the life domains used for goals and follow-up (the CTI
 * and ICM method manuals). */
const Choice life_domains[] = {
	{"housing", N_("Bolig")},
	{"mental_health", N_("Psykisk helbred")},
	{"physical_health", N_("Fysisk helbred")},
	{"economy", N_("Økonomi")},
	{"everyday", N_("Hverdagsmestring og daglige aktiviteter")},
	{"network", N_("Netværk og sociale relationer")},
	{"substance", N_("Misbrug")},
	{"education", N_("Uddannelse og beskæftigelse")},
	{0, 0},
};

/* Redskab 3, Mål- og aftaleskema: the status of a goal and of an
 * agreement, and who can be responsible for an agreement (besides a named
 * team member). */
const Choice goal_statuses[] = {
	{"active", N_("Aktivt")},
	{"reached", N_("Nået")},
	{"dropped", N_("Opgivet")},
	{0, 0},
};

const Choice agreement_statuses[] = {
	{"agreed", N_("Aftalt")},
	{"in_progress", N_("I gang")},
	{"done", N_("Udført")},
	{"not_done", N_("Ikke udført")},
	{"dropped", N_("Droppet")},
	{0, 0},
};

const Choice responsible_kinds[] = {
	{"young_person", N_("Den unge")},
	{"coordinator", N_("Myndighedskoordinatoren")},
	{"support", N_("Bostøttemedarbejderen")},
	{"chosen_adult", N_("Den unges valgte voksne")},
	{0, 0},
};

/* Tool 2, the meeting checklist (Mødetjekliste): the phase is the key's
 * prefix before '_' (before, during, after).  Add items at the end. */
const Choice meeting_phases[] = {
	{"before", N_("Før mødet")},
	{"during", N_("Under mødet")},
	{"after", N_("Efter mødet")},
	{0, 0},
};
const Choice meeting_checklist[] = {
	{"before_agenda", N_("Dagsordenen er sendt ud")},
	{"before_prepared", N_("Den unge er forberedt på mødet")},
	{"before_roles", N_("Rollerne på mødet er afklaret (fx mødeleder og referent)")},
	{"during_review", N_("Mål og aftaler er gennemgået")},
	{"during_agreements", N_("Nye aftaler er indgået med en ansvarlig og en frist")},
	{"during_next", N_("Næste møde er aftalt")},
	{"after_minutes", N_("Referatet er sendt ud")},
	{0, 0},
};

/* A person from the young person's network invited to a meeting. */
const Choice network_relations[] = {
	{"chosen_adult", N_("Den unges valgte voksne")},
	{"family", N_("Familie")},
	{"friend", N_("Ven")},
	{"partner", N_("Kæreste eller partner")},
	{"professional", N_("Fagperson uden for teamet")},
	{"other", N_("Andet")},
	{0, 0},
};
/* Tool 1, network mapping: the people in the young person's network. */
const Choice net_relations[] = {
	{"family", N_("Familie")},
	{"friend", N_("Ven")},
	{"partner", N_("Kæreste")},
	{"professional", N_("Fagperson")},
	{"other", N_("Andet")},
	{0, 0},
};

const Choice yes_no[] = {
	{"yes", N_("Ja")},
	{"no", N_("Nej")},
	{0, 0},
};
const Choice net_closeness[] = {
	{"close", N_("Tæt")},
	{"middle", N_("Mellem")},
	{"distant", N_("Fjern")},
	{0, 0},
};

const Choice net_valence[] = {
	{"supports", N_("Støtter")},
	{"burdens", N_("Belaster")},
	{"mixed", N_("Blandet")},
	{0, 0},
};

const Choice net_frequency[] = {
	{"daily", N_("Dagligt")},
	{"weekly", N_("Ugentligt")},
	{"monthly", N_("Månedligt")},
	{"rarely", N_("Sjældnere")},
	{"never", N_("Aldrig")},
	{0, 0},
};

const char *choice_label(const Choice *c, const char *key)
{
	for (; c->key; c++)
		if (streq(c->key, key))
			return c->label;
	return "";
}

static const int role_bits[] = {ROLE_ADMIN, ROLE_LEADER, ROLE_PROJECT_LEADER,
				ROLE_COORDINATOR, ROLE_SUPPORT, ROLE_TEAM};

int role_from_key(const char *key)
{
	for (int i = 0; role_choices[i].key; i++)
		if (streq(role_choices[i].key, key))
			return role_bits[i];
	return 0;
}

const char *role_key(int role)
{
	for (int i = 0; role_choices[i].key; i++)
		if (role_bits[i] == role)
			return role_choices[i].key;
	return "";
}

const char *role_label(int role)
{
	for (int i = 0; role_choices[i].key; i++)
		if (role_bits[i] == role)
			return role_choices[i].label;
	return "";
}

/* DOMAIN.md §10: the kinds of information a consent (samtykke,
 * Retssikkerhedsloven §11a) may cover, and how it was given (team.c). */
const Choice consent_kinds[] = {
	{"helbred", N_("Helbred og psykiatri")},
	{"misbrug", N_("Misbrug")},
	{"oekonomi", N_("Økonomi og ydelser")},
	{"bolig", N_("Bolig")},
	{"uddannelse", N_("Uddannelse og beskæftigelse")},
	{"kriminalitet", N_("Strafbare forhold")},
	{"boernesag", N_("Sag som barn og ung")},
	{"andet", N_("Andet")},
	{0, 0},
};

const Choice consent_how[] = {
	{"signed", N_("Skriftligt (underskrevet)")},
	{"oral", N_("Mundtligt")},
	{0, 0},
};

/* An actor in the municipality's catalog is active or deactivated. */
const Choice actor_active[] = {
	{"1", N_("Aktiv")},
	{"0", N_("Deaktiveret: kan ikke vælges til nye medlemmer og samtykker")},
	{0, 0},
};

/* home.c, DOMAIN.md §3 step 5: the home a homeless young person moves
 * into (keys as in the home table's CHECKs), the practical support given
 * (home_support) and why a home was lost. */
const Choice dwelling_kinds[] = {
	{"social_youth", N_("Almen ungdomsbolig")},
	{"social", N_("Almen bolig")},
	{"private", N_("Privat udlejning")},
	{"dormitory", N_("Kollegie")},
	{"transitional", N_("Midlertidig udslusningsbolig")},
	{"other", N_("Anden boligtype")},
	{0, 0},
};

const Choice home_found_how[] = {
	{"municipal", N_("Kommunal anvisning")},
	{"youth_quota", N_("Ungdomsboligkvoten (almenboligloven §59, stk. 3)")},
	{"association", N_("Aftale med en boligforening")},
	{"private", N_("Det private udlejningsmarked")},
	{"other", N_("På anden måde")},
	{0, 0},
};

const Choice home_supports[] = {
	{"moving", N_("Hjælp til flytningen")},
	{"furniture", N_("Møbler og indbo")},
	{"deposit", N_("Depositum eller boligindskudslån")},
	{"benefits", N_("Enkeltydelse fra ydelseskontoret")},
	{"other", N_("Anden praktisk støtte")},
	{0, 0},
};

const Choice home_lost_reasons[] = {
	{"eviction", N_("Udsættelse")},
	{"left", N_("Fraflytning")},
	{"other", N_("Anden årsag")},
	{0, 0},
};

/* DOMAIN.md §4: housing support (support.c).  The methods; the
 * disciplines of an ACT team; the CTI checklists, the key's second
 * character is the phase (p1_, p2_, p3_); why support ends; the decision
 * on further support. */
const Choice support_methods[] = {
	{"cti", N_("CTI (Critical Time Intervention)")},
	{"icm", N_("ICM (Intensive Case Management)")},
	{"act", N_("ACT (Assertive Community Treatment)")},
	{0, 0},
};

const Choice act_disciplines[] = {
	{"bostoette", N_("Socialpædagogisk støtte")},
	{"psykiater", N_("Psykiater")},
	{"misbrug", N_("Misbrugskonsulent")},
	{"sygeplejerske", N_("Sygeplejerske")},
	{"socialraadgiver", N_("Socialrådgiver")},
	{"jobcenter", N_("Medarbejder fra jobcentret")},
	{0, 0},
};

const Choice cti_checklist[] = {
	{"p1_moving", N_("Indflytning i boligen")},
	{"p1_practical", N_("Praktisk etablering af hjemmet")},
	{"p1_economy", N_("Økonomi: overblik over indtægter, husleje og udgifter")},
	{"p1_activity_plan", N_("Aktivitetsplan med prioriterede behov")},
	{"p1_contacts", N_("Kontakt til andre tilbud og indsatser")},
	{"p2_adjust", N_("Støtten er afprøvet og tilpasset")},
	{"p2_evaluate", N_("Aktiviteter og netværk er evalueret")},
	{"p3_handover", N_("Overdragelsesaftale med netværket (senest en måned før afslutningen)")},
	{"p3_longterm", N_("Langsigtet plan")},
	{"p3_sel85", N_("Eventuel støtte efter servicelovens §85 er søgt i god tid")},
	{0, 0},
};

const Choice support_end_reasons[] = {
	{"cti_done", N_("CTI's ni måneder er gennemført")},
	{"not_needed", N_("Intensiv støtte er ikke længere nødvendig (ICM)")},
	{"moved", N_("Den unge er flyttet")},
	{"declined", N_("Den unge har takket nej")},
	{"other", N_("Andet")},
	{0, 0},
};

const Choice next_supports[] = {
	{"sel85", N_("Bostøtte efter servicelovens §85")},
	{"sel85a", N_("Bostøtte efter servicelovens §85a")},
	{"mentor", N_("Mentorstøtte")},
	{"other", N_("Anden støtte")},
	{"none", N_("Ingen behov for mere støtte")},
	{"declined", N_("Den unge har takket nej")},
	{0, 0},
};

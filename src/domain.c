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

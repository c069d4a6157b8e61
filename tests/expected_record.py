"""The US record, read by hand from the bundled CSV slices (graph/records/).

Each row: (critic, cycle, line of its first row in the slice, paragraph of
A/HRC/46/15 or None, response, the first words of the text). 2010 rows are
lines of upr-info-session-09-usa.csv whose From is China or Cuba; 2020 rows
are paragraphs of us-cycle3-A-HRC-46-15.csv whose recommending_state names
China or Cuba (line = paragraph 26.N + 1: the header is line 1).
"""

CRITIC_RECORD = [
    # China, 2010 (UPR Info, session 9)
    ("China", 1, 21, None, "supported", "Ratify ICESCR, CEDAW"),
    ("China", 1, 78, None, "noted", "Modify the definition of the discrimination"),
    (
        "China",
        1,
        193,
        None,
        "supported",
        "Strengthen oversight with a view to ending excessive use of force",
    ),
    ("China", 1, 201, None, "supported", "Quickly close down Guantanamo prison"),
    # China, 2020 (A/HRC/46/15)
    ("China", 3, 107, "26.106", "noted", "Stop interfering, for political purposes"),
    ("China", 3, 143, "26.142", "supported", "Root out systemic racism"),
    ("China", 3, 158, "26.157", "noted", "Lift unilateral coercive measures immediately"),
    ("China", 3, 174, "26.173", "noted", "Stop the use of torture in antiterrorism operations"),
    ("China", 3, 214, "26.213", "supported", "Address the proliferation of guns"),
    (
        "China",
        3,
        267,
        "26.266",
        "supported",
        "Combat the increasingly severe religious intolerance",
    ),
    (
        "China",
        3,
        284,
        "26.283",
        "supported",
        "Take holistic measures to eliminate rich-poor polarization",
    ),
    ("China", 3, 298, "26.297", "noted", "Urge politicians to respect people"),
    ("China", 3, 339, "26.338", "supported", "Stop incarcerating migrants"),
    # Cuba, 2010
    ("Cuba", 1, 97, None, "noted", "End blockade against Cuba"),
    (
        "Cuba",
        1,
        123,
        None,
        "supported",
        "End the discrimination against persons of African descent",
    ),
    ("Cuba", 1, 148, None, "noted", "Respect the Cuban people's right to self-determination"),
    ("Cuba", 1, 175, None, "noted", "End the prosecution of mentally-ill persons and minors"),
    ("Cuba", 1, 176, None, "supported", "End the execution of mentally-ill persons and minors"),
    ("Cuba", 1, 179, None, "supported", "Prosecute the perpetrators of tortures"),
    ("Cuba", 1, 182, None, "supported", "Stop the war crimes committed by its troops abroad"),
    ("Cuba", 1, 195, None, "noted", "Release the five Cuban political prisoners"),
    ("Cuba", 1, 196, None, "noted", "End the unjust incarceration of political prisoners"),
    ("Cuba", 1, 215, None, "noted", "Prosecute or extradite for trial Luis Posada Carriles"),
    ("Cuba", 1, 246, None, "supported", "Ensure the realization of the rights to food and health"),
    ("Cuba", 1, 250, None, "supported", "End the violation of the rights of indigenous peoples"),
    ("Cuba", 1, 259, None, "supported", "End violence and discrimination against migrants"),
    (
        "Cuba",
        1,
        267,
        None,
        "noted",
        "Put an end to its actions against the realization of the rights",
    ),
    # Cuba, 2020
    ("Cuba", 3, 27, "26.26", "supported", "Ratify the Convention on the Rights of the Child"),
    ("Cuba", 3, 108, "26.107", "noted", "Put an immediate end to the blockade against Cuba"),
    (
        "Cuba",
        3,
        139,
        "26.138",
        "supported",
        "Stop incitement to violence and the escalation of racism",
    ),
    ("Cuba", 3, 159, "26.158", "noted", "Recognize and respect the human rights to peace"),
    ("Cuba", 3, 285, "26.284", "supported", "End the criminalization of poverty"),
    (
        "Cuba",
        3,
        286,
        "26.285",
        "supported",
        "Introduce reforms to reverse the high rates of poverty",
    ),
    ("Cuba", 3, 299, "26.298", "supported", "Guarantee the right to health"),
    (
        "Cuba",
        3,
        340,
        "26.339",
        "supported",
        "Stop the cruel, inhuman and degrading treatment of migrants",
    ),
]

# 2010: 280 rows, 270 distinct texts (five joint recommendations: lines 14-15,
# 39/41/42, 44-45, 87-91, 120-122); of the 270, 178 Accepted, 92 Noted.
# 2020: 347 paragraphs: 263 supported, 67 noted, 17 supported_noted; joint
# after the corrections: 26.20, 26.47, 26.49, 26.85, 26.161.
US_2010 = {"recommendations": 270, "supported": 178, "noted": 92, "rows": 280}
US_2020 = {"recommendations": 347, "supported": 263, "noted": 67, "partially-supported": 17}
JOINT_2010_LINES = [(14, 15), (39, 41, 42), (44, 45), (87, 88, 89, 90, 91), (120, 121, 122)]
JOINT_2020 = {
    "26.20": {"AFG", "SDN"},
    "26.47": {"RWA", "BHS", "NAM", "MAR"},
    "26.49": {"CHE", "RWA", "BHS", "LUX", "MLI", "MAR"},
    "26.85": {"CRI", "CYP"},
    "26.161": {"VEN", "NIC"},
}
# response rates of the two critics, both reviews: (recommendations, supported, noted, per cent)
CRITIC_RATES = {"China": (13, 8, 5, 62), "Cuba": (22, 13, 9, 59)}
# UPR Info's "Death penalty" in 2010: 32 distinct texts, 6 Accepted, 26 Noted
DEATH_PENALTY_2010 = (32, 6, 26)

package demo

import "github.com/tierline/tierline/data"

// Names common in US schools, by the families a demo student is drawn from,
// so that the roster looks like a real school's.
var givenNames = map[data.Race][]string{
	data.Hispanic:        {"Ana", "Mateo", "Sofía", "Diego", "Valentina", "Santiago", "Camila", "Luis", "Isabella", "Carlos", "Lucía", "Javier", "Ximena", "Emiliano", "Daniela", "Andrés", "María", "José", "Gabriela", "Adrián"},
	data.AmericanIndian:  {"Kai", "Aiyana", "Takoda", "Nayeli", "Ahanu", "Winona", "Dakota", "Tala", "Elan", "Halona"},
	data.Asian:           {"Mei", "Hiroshi", "Ananya", "Minh", "Ji-woo", "Arjun", "Lin", "Kenji", "Priya", "Bao", "Sakura", "Vihaan", "Hana", "Wei", "Thao"},
	data.Black:           {"Amara", "Jayden", "Imani", "Malik", "Zuri", "Darius", "Nia", "Isaiah", "Aaliyah", "Marcus", "Kiara", "Elijah", "Jada", "Andre", "Ayana", "Tariq", "Chidi", "Nkechi"},
	data.PacificIslander: {"Keanu", "Leilani", "Sione", "Malia", "Tevita", "Kalena", "Mele", "Iosefa"},
	data.White:           {"Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Charlotte", "Mason", "Harper", "Lucas", "Amelia", "Owen", "Ella", "Henry", "Grace", "Jack", "Lily", "Wyatt", "Nora", "Caleb"},
	data.TwoOrMore:       {"Maya", "Elias", "Zoe", "Julian", "Aria", "Micah", "Naomi", "Ezra", "Layla", "Kai", "Leah", "Jonah"},
}

var familyNames = map[data.Race][]string{
	data.Hispanic:        {"Ramírez", "García", "Hernández", "López", "Martínez", "González", "Pérez", "Sánchez", "Rivera", "Torres", "Flores", "Cruz", "Morales", "Reyes", "Ortiz", "Vargas"},
	data.AmericanIndian:  {"Begay", "Yazzie", "Tsosie", "Benally", "Redcloud", "Locklear", "Jim", "Tso"},
	data.Asian:           {"Nguyen", "Kim", "Patel", "Chen", "Tanaka", "Wang", "Tran", "Park", "Singh", "Li", "Sato", "Shah"},
	data.Black:           {"Johnson", "Williams", "Brown", "Jackson", "Davis", "Okafor", "Washington", "Thomas", "Harris", "Robinson", "Adeyemi", "Walker", "Coleman", "Mensah"},
	data.PacificIslander: {"Kealoha", "Tuilagi", "Fonoti", "Kahale", "Taufa", "Mahoe"},
	data.White:           {"Smith", "Miller", "Anderson", "Wilson", "Taylor", "Moore", "Clark", "Lewis", "Young", "Hall", "Allen", "King", "Wright", "Scott", "Baker", "Nelson"},
	data.TwoOrMore:       {"Bennett", "Carter", "Morgan", "Reed", "Hayes", "Brooks", "Price", "Ellis", "Parker", "Foster"},
}

var interventionists = []string{"Ms Grant", "Mr Okafor", "Ms Lee", "Mrs Patel", "Mr Romero", "Ms Nguyen"}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medikamente</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>Allergien</translation>
    </message>
    <message>
        <source>Immunizations</source>
        <translation>Impfungen</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Einwilligungen</translation>
    </message>
    <message>
        <source>Access report</source>
        <translation>Zugriffsbericht</translation>
    </message>
    <message>
        <source>◀ &amp;Patients</source>
        <translation>◀ &amp;Patienten</translation>
    </message>
    <message>
        <source>Back to the patient list</source>
        <translation>Zurück zur Patientenliste</translation>
    </message>
    <message>
        <source>Back to the patient list (Alt+Left)</source>
        <translation>Zurück zur Patientenliste (Alt+Links)</translation>
    </message>
    <message>
        <source>(restricted)</source>
        <translation>(eingeschränkt)</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>With</source>
        <translation>Bei</translation>
    </message>
    <message>
        <source>No appointments.</source>
        <translation>Keine Termine.</translation>
    </message>
    <message>
        <source>Printed by {who}. Confidential: shred after use.</source>
        <translation>Gedruckt von {who}. Vertraulich: nach Gebrauch vernichten.</translation>
    </message>
    <message>
        <source>Patient details</source>
        <translation>Patientendaten</translation>
    </message>
    <message>
        <source>Restricted record</source>
        <translation>Gesperrte Akte</translation>
    </message>
    <message>
        <source>&amp;New note</source>
        <translation>&amp;Neue Notiz</translation>
    </message>
    <message>
        <source>New note (Ctrl+N)</source>
        <translation>Neue Notiz (Strg+N)</translation>
    </message>
    <message>
        <source>P&amp;rint summary</source>
        <translation>Zusammenfassung d&amp;rucken</translation>
    </message>
    <message>
        <source>Print the patient summary (Ctrl+P)</source>
        <translation>Patientenzusammenfassung drucken (Strg+P)</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Export as &amp;FHIR…</source>
        <translation>Als &amp;FHIR exportieren…</translation>
    </message>
    <message>
        <source>Save this record as a FHIR R4 Bundle for the patient&apos;s next doctor or app</source>
        <translation>Diese Akte als FHIR-R4-Bundle für die nächste Praxis oder App der Person speichern</translation>
    </message>
    <message>
        <source>Show restricted entries…</source>
        <translation>Gesperrte Einträge anzeigen…</translation>
    </message>
    <message>
        <source>&amp;Undo merge</source>
        <translation>Zusammenführung &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Chart sections</source>
        <translation>Aktenbereiche</translation>
    </message>
    <message>
        <source>S&amp;hare…</source>
        <translation>&amp;Teilen…</translation>
    </message>
    <message>
        <source>Send part of this record as an encrypted, signed package</source>
        <translation>Einen Teil dieser Akte als verschlüsseltes, signiertes Paket senden</translation>
    </message>
    <message>
        <source>&amp;Merge a duplicate into this record…</source>
        <translation>Doppelte Akte hier&amp;her zusammenführen…</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Entwurf speichern</translation>
    </message>
    <message>
        <source>Born {date} ({age})</source>
        <translation>Geboren am {date} ({age})</translation>
    </message>
    <message>
        <source>MRN {mrn}</source>
        <translation>Pat.-Nr. {mrn}</translation>
    </message>
    <message>
        <source>A duplicate record was merged into this one ({n} rows moved with it). Until this record changes, the merge can be undone.</source>
        <translation>Eine doppelte Akte wurde mit dieser zusammengeführt ({n} Datensätze übernommen). Solange diese Akte nicht geändert wird, können Sie die Zusammenführung rückgängig machen.</translation>
    </message>
    <message>
        <source>Allergies: {list}</source>
        <translation>Allergien: {list}</translation>
    </message>
    <message>
        <source>{n} restricted entries are hidden.</source>
        <translation>{n} gesperrte Einträge sind ausgeblendet.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>Zusammenführung rückgängig machen</translation>
    </message>
    <message>
        <source>Move everything the merge brought in back to the duplicate record?</source>
        <translation>Alles, was durch die Zusammenführung übernommen wurde, zurück in die doppelte Akte verschieben?</translation>
    </message>
    <message>
        <source>Print summary</source>
        <translation>Zusammenfassung drucken</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <source>Save the patient summary as PDF</source>
        <translation>Patientenzusammenfassung als PDF speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Summary saved to {path}. It is not encrypted: keep it safe.</source>
        <translation>Zusammenfassung unter {path} gespeichert. Sie ist nicht verschlüsselt: Bewahren Sie sie sicher auf.</translation>
    </message>
    <message>
        <source>Export as FHIR</source>
        <translation>Als FHIR exportieren</translation>
    </message>
    <message>
        <source>FHIR JSON (*.json)</source>
        <translation>FHIR-JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved {count} FHIR resources to {path}. The file is not encrypted: keep it safe, or send it as a sharing package.</source>
        <translation>{count} FHIR-Ressourcen unter {path} gespeichert. Die Datei ist nicht verschlüsselt: Bewahren Sie sie sicher auf oder senden Sie sie als Freigabepaket.</translation>
    </message>
    <message>
        <source>{n} y</source>
        <translation>{n} J.</translation>
    </message>
    <message>
        <source>{n} mo</source>
        <translation>{n} Mon.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;all</source>
        <translation>&amp;Alles kopieren</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Verkleinern (Strg+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Vergrößern (Strg++)</translation>
    </message>
    <message>
        <source>Fit to the window (Ctrl+0)</source>
        <translation>In das Fenster einpassen (Strg+0)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Document pages</source>
        <translation>Dokumentseiten</translation>
    </message>
    <message>
        <source>Pages: {n}</source>
        <translation>Seiten: {n}</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 Seite</translation>
    </message>
    <message>
        <source>This PDF could not be shown ({error}).</source>
        <translation>Dieses PDF kann nicht angezeigt werden ({error}).</translation>
    </message>
    <message>
        <source>Document image</source>
        <translation>Dokumentbild</translation>
    </message>
    <message>
        <source>This image could not be shown.</source>
        <translation>Dieses Bild kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>{w} × {h} pixels</source>
        <translation>{w} × {h} Pixel</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>JPEG-Bild</translation>
    </message>
    <message>
        <source>{n} B</source>
        <translation>{n} B</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} KB</translation>
    </message>
    <message>
        <source>{n:.1f} MB</source>
        <translation>{n:.1f} MB</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Date</source>
        <extracomment>A draft reached the vault or was signed (the page remembers it for the lock).</extracomment>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No documents yet. Add a PDF, PNG or JPEG file: it is stored encrypted in the vault.</source>
        <translation>Noch keine Dokumente. Fügen Sie eine PDF-, PNG- oder JPEG-Datei hinzu: Sie wird verschlüsselt im Tresor gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Add document…</source>
        <translation>Dokument &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansehen</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>Dokument öffnen</translation>
    </message>
    <message>
        <source>Add a document</source>
        <translation>Dokument hinzufügen</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Dokumente (*.pdf *.png *.jpg *.jpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The file could not be read: {why}</source>
        <translation>Die Datei konnte nicht gelesen werden: {why}</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Document date</source>
        <translation>Dokumentdatum</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Restricted: opening it will need a reason</source>
        <translation>Gesperrt: Zum Öffnen ist eine Begründung nötig</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Datum</translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation>B&amp;eschreibung</translation>
    </message>
    <message>
        <source>Active</source>
        <extracomment>Every FHIR code the kinds offer (and a few the GUI shows beside them: consent sections and purposes, sexes, document statuses) as people read them, marked for translation. The GUI&apos;s `choice_text` falls back to the code itself, capitalised.</extracomment>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Recurrence</source>
        <translation>Rezidiv</translation>
    </message>
    <message>
        <source>Relapse</source>
        <translation>Rückfall</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Remission</source>
        <translation>Remission</translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>Vorläufig</translation>
    </message>
    <message>
        <source>Differential</source>
        <translation>Differenzialdiagnose</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Refuted</source>
        <translation>Widerlegt</translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation>Irrtümlich erfasst</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>Leicht</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>Schwer</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Intended</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Not taken</source>
        <translation>Nicht eingenommen</translation>
    </message>
    <message>
        <source>Unable to assess</source>
        <translation>Nicht beurteilbar</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>Nahrungsmittel</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umwelt</translation>
    </message>
    <message>
        <source>Biologic</source>
        <translation>Biologikum</translation>
    </message>
    <message>
        <source>Allergy</source>
        <translation>Allergie</translation>
    </message>
    <message>
        <source>Intolerance</source>
        <translation>Unverträglichkeit</translation>
    </message>
    <message>
        <source>Presumed</source>
        <translation>Vermutet</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Nicht durchgeführt</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Durchführung</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Demographics</source>
        <translation>Stammdaten</translation>
    </message>
    <message>
        <source>Encounters</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Diagnosen</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>Prozeduren</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Behandlung</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Überweisung</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Research</source>
        <translation>Forschung</translation>
    </message>
    <message>
        <source>Patient&apos;s own request</source>
        <translation>Auf Wunsch des Patienten</translation>
    </message>
    <message>
        <source>Public health</source>
        <translation>Öffentliche Gesundheit</translation>
    </message>
    <message>
        <source>Legal</source>
        <translation>Rechtliche Gründe</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Männlich</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Weiblich</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Divers</translation>
    </message>
    <message>
        <source>Medications not yet recorded: record them, or that there are none.</source>
        <translation>Medikamente noch nicht erfasst: Erfassen Sie sie oder dass es keine gibt.</translation>
    </message>
    <message>
        <source>Allergies not yet recorded: record them, or that none are known.</source>
        <translation>Allergien noch nicht erfasst: Erfassen Sie sie oder dass keine bekannt sind.</translation>
    </message>
    <message>
        <source>&amp;Add procedure…</source>
        <translation>Prozedur &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>No procedures recorded.</source>
        <translation>Keine Prozeduren erfasst.</translation>
    </message>
    <message>
        <source>Procedure: {name}</source>
        <translation>Prozedur: {name}</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Prozedur</translation>
    </message>
    <message>
        <source>Performed on</source>
        <translation>Durchgeführt am</translation>
    </message>
    <message>
        <source>Body site</source>
        <translation>Körperstelle</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Behandelnde Person</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Reference low</source>
        <translation>Referenz unten</translation>
    </message>
    <message>
        <source>Reference high</source>
        <translation>Referenz oben</translation>
    </message>
    <message>
        <source>Interpretation</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>{label}: code system</source>
        <translation>{label}: Codesystem</translation>
    </message>
    <message>
        <source>No code</source>
        <translation>Kein Code</translation>
    </message>
    <message>
        <source>{label}: code</source>
        <translation>{label}: Code</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Restricted entry</source>
        <translation>Gesperrter Eintrag</translation>
    </message>
    <message>
        <source>I have read the warnings above and still record this medication</source>
        <translation>Ich habe die Warnungen oben gelesen und erfasse das Medikament trotzdem</translation>
    </message>
    <message>
        <source>Acknowledge the warnings</source>
        <translation>Warnungen bestätigen</translation>
    </message>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>JJJJ, JJJJ-MM oder JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>{label} is a whole number.</source>
        <translation>{label} muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>{label} is a number.</source>
        <translation>{label} muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>&amp;Mark entered in error</source>
        <translation>Als &amp;irrtümlich erfasst markieren</translation>
    </message>
    <message>
        <source>“{what}” stays in the record&apos;s history, marked entered in error with your name and reason. It leaves the active lists, the allergy banner, the prescribing checks and exports as active. Nothing is deleted.</source>
        <translation>„{what}“ bleibt im Verlauf der Akte, als irrtümlich erfasst markiert, mit Ihrem Namen und Ihrer Begründung. Der Eintrag erscheint nicht mehr in den aktiven Listen, im Allergiehinweis, in den Verordnungsprüfungen und nicht mehr als aktiv in Exporten. Es wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>Why it was entered in error</source>
        <translation>Warum der Eintrag irrtümlich erfasst wurde</translation>
    </message>
    <message>
        <source>e.g. recorded on the wrong patient</source>
        <translation>z. B. beim falschen Patienten erfasst</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Entered in e&amp;rror…</source>
        <translation>Irrtümlich e&amp;rfasst…</translation>
    </message>
    <message>
        <source>Mark the selected entry as entered in error: it stays in the record&apos;s history, marked, with your reason</source>
        <translation>Den ausgewählten Eintrag als irrtümlich erfasst markieren: Er bleibt mit Ihrer Begründung markiert im Verlauf der Akte</translation>
    </message>
    <message>
        <source>{what}: marked entered in error by {who} on {date}: “{why}”</source>
        <translation>{what}: als irrtümlich erfasst markiert von {who} am {date}: „{why}“</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Bezeichnung)</translation>
    </message>
    <message>
        <source>Entered in error (kept in the history):</source>
        <translation>Irrtümlich erfasst (im Verlauf aufbewahrt):</translation>
    </message>
    <message>
        <source>Edit {what}</source>
        <translation>{what} bearbeiten</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verifizierung</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Abgeklungen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>&amp;Add problem…</source>
        <translation>Problem &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>No problems recorded.</source>
        <translation>Keine Probleme erfasst.</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>Codes</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>Medikament</translation>
    </message>
    <message>
        <source>Dosage</source>
        <translation>Dosierung</translation>
    </message>
    <message>
        <source>e.g. 500 mg twice daily with food</source>
        <translation>z. B. 500 mg zweimal täglich zum Essen</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Applikationsweg</translation>
    </message>
    <message>
        <source>e.g. oral</source>
        <translation>z. B. oral</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Abgesetzt</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>&amp;Add medication…</source>
        <translation>Medikament &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Substance</source>
        <translation>Substanz</translation>
    </message>
    <message>
        <source>Reaction</source>
        <translation>Reaktion</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>Kritikalität</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Erfasst</translation>
    </message>
    <message>
        <source>Dose unit</source>
        <translation>Dosiseinheit</translation>
    </message>
    <message>
        <source>Allergies and intolerances</source>
        <translation>Allergien und Unverträglichkeiten</translation>
    </message>
    <message>
        <source>&amp;Add allergy…</source>
        <translation>Allergie &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Vaccine</source>
        <translation>Impfstoff</translation>
    </message>
    <message>
        <source>Given on</source>
        <translation>Verabreicht am</translation>
    </message>
    <message>
        <source>Dose number</source>
        <translation>Dosisnummer</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>Chargennummer</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>e.g. left deltoid</source>
        <translation>z. B. linker M. deltoideus</translation>
    </message>
    <message>
        <source>e.g. intramuscular</source>
        <translation>z. B. intramuskulär</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>Verabreicht von</translation>
    </message>
    <message>
        <source>&amp;Add immunization…</source>
        <translation>Impfung &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>No immunizations recorded.</source>
        <translation>Keine Impfungen erfasst.</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Dosis</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Sign this note? A signed note cannot be edited; later changes are amendments.</source>
        <translation>Diese Notiz signieren? Eine signierte Notiz kann nicht mehr bearbeitet werden; spätere Änderungen sind Nachträge.</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signieren</translation>
    </message>
    <message>
        <source>&amp;Subjective</source>
        <translation>&amp;Subjektiv</translation>
    </message>
    <message>
        <source>&amp;Objective</source>
        <translation>&amp;Objektiv</translation>
    </message>
    <message>
        <source>&amp;Assessment</source>
        <translation>&amp;Beurteilung</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <source>Note title</source>
        <translation>Titel der Notiz</translation>
    </message>
    <message>
        <source>e.g. Follow-up, blood pressure</source>
        <translation>z. B. Kontrolle, Blutdruck</translation>
    </message>
    <message>
        <source>Note format</source>
        <translation>Notizformat</translation>
    </message>
    <message>
        <source>SOAP</source>
        <translation>SOAP</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>Freitext</translation>
    </message>
    <message>
        <source>Note text</source>
        <translation>Notiztext</translation>
    </message>
    <message>
        <source>Draft status</source>
        <translation>Entwurfsstatus</translation>
    </message>
    <message>
        <source>S&amp;ign</source>
        <translation>S&amp;ignieren</translation>
    </message>
    <message>
        <source>Sign (Ctrl+Enter): the note becomes final; corrections are amendments that keep the original.</source>
        <translation>Signieren (Strg+Eingabe): Die Notiz wird endgültig; Korrekturen sind Nachträge, die das Original bewahren.</translation>
    </message>
    <message>
        <source>Keep the draft in the vault and close the editor. Ctrl+S saves the draft now.</source>
        <translation>Den Entwurf im Tresor behalten und den Editor schließen. Strg+S speichert den Entwurf sofort.</translation>
    </message>
    <message>
        <source>Save and &amp;close</source>
        <translation>Speichern und s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Discard draft</source>
        <translation>Entwurf &amp;verwerfen</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Amendment (draft)</source>
        <translation>Nachtrag (Entwurf)</translation>
    </message>
    <message>
        <source>Amending “{title}” of {when}: the original stays as signed.</source>
        <translation>Nachtrag zu „{title}“ vom {when}: Das Original bleibt wie signiert.</translation>
    </message>
    <message>
        <source>untitled note</source>
        <translation>Notiz ohne Titel</translation>
    </message>
    <message>
        <source>Draft note</source>
        <translation>Notizentwurf</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <source>Unsaved changes (saving automatically)…</source>
        <translation>Ungespeicherte Änderungen (wird automatisch gespeichert)…</translation>
    </message>
    <message>
        <source>Draft saved in the vault at {when}.</source>
        <translation>Entwurf um {when} im Tresor gespeichert.</translation>
    </message>
    <message>
        <source>Nothing saved yet.</source>
        <translation>Noch nichts gespeichert.</translation>
    </message>
    <message>
        <source>The draft could not be saved: {why}</source>
        <translation>Der Entwurf konnte nicht gespeichert werden: {why}</translation>
    </message>
    <message>
        <source>Subjective</source>
        <extracomment>Headings of a note&apos;s SOAP parts (app.core.records.notes.SOAP), translated where shown.</extracomment>
        <translation>Subjektiv</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objektiv</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Beurteilung</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Signed by {who} on {when}</source>
        <translation>Signiert von {who} am {when}</translation>
    </message>
    <message>
        <source>Draft, last saved {when}. Only you can see it until it is signed.</source>
        <translation>Entwurf, zuletzt gespeichert {when}. Nur Sie können ihn sehen, bis er signiert ist.</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>Noch keine Notizen.</translation>
    </message>
    <message>
        <source>&amp;Continue draft</source>
        <translation>Entwurf &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Amend…</source>
        <translation>&amp;Nachtragen…</translation>
    </message>
    <message>
        <source>Write a correction; the signed note stays as it was and both are kept.</source>
        <translation>Schreiben Sie eine Korrektur; die signierte Notiz bleibt unverändert und beide werden aufbewahrt.</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>K&amp;opieren</translation>
    </message>
    <message>
        <source>Copied for the time set in Vault settings, hidden from clipboard history</source>
        <translation>Für die in den Tresor-Einstellungen festgelegte Zeit kopiert, nicht im Zwischenablageverlauf</translation>
    </message>
    <message>
        <source>Draft amendment</source>
        <translation>Nachtragsentwurf</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Nachgetragen</translation>
    </message>
    <message>
        <source>Amended {n}×</source>
        <translation>{n}× nachgetragen</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signiert</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Amendment {n}</source>
        <translation>Nachtrag {n}</translation>
    </message>
    <message>
        <source>Current version (amendment {n})</source>
        <translation>Aktuelle Fassung (Nachtrag {n})</translation>
    </message>
    <message>
        <source>Note history</source>
        <translation>Verlauf der Notiz</translation>
    </message>
    <message>
        <source>Copied; cleared from the clipboard in {seconds} s.</source>
        <translation>Kopiert; wird in {seconds} s aus der Zwischenablage entfernt.</translation>
    </message>
    <message>
        <source>Sign note</source>
        <translation>Notiz signieren</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critically high</source>
        <translation>Kritisch hoch</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Critically low</source>
        <translation>Kritisch niedrig</translation>
    </message>
    <message>
        <source>Abnormal</source>
        <translation>Auffällig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Blood pressure panel</source>
        <extracomment>The names of app.core.records.catalog&apos;s VITALS and LABS, marked for translation (the core does not use Qt). tests/ui/test_translations.py checks that the lists agree.</extracomment>
        <translation>Blutdruck (Panel)</translation>
    </message>
    <message>
        <source>Systolic blood pressure</source>
        <translation>Systolischer Blutdruck</translation>
    </message>
    <message>
        <source>Diastolic blood pressure</source>
        <translation>Diastolischer Blutdruck</translation>
    </message>
    <message>
        <source>Heart rate</source>
        <translation>Herzfrequenz</translation>
    </message>
    <message>
        <source>Respiratory rate</source>
        <translation>Atemfrequenz</translation>
    </message>
    <message>
        <source>Body temperature</source>
        <translation>Körpertemperatur</translation>
    </message>
    <message>
        <source>Oxygen saturation (pulse oximetry)</source>
        <translation>Sauerstoffsättigung (Pulsoxymetrie)</translation>
    </message>
    <message>
        <source>Body weight</source>
        <translation>Körpergewicht</translation>
    </message>
    <message>
        <source>Body height</source>
        <translation>Körpergröße</translation>
    </message>
    <message>
        <source>Body mass index</source>
        <translation>Body-Mass-Index</translation>
    </message>
    <message>
        <source>Hemoglobin A1c</source>
        <translation>Hämoglobin A1c</translation>
    </message>
    <message>
        <source>Glucose</source>
        <translation>Glukose</translation>
    </message>
    <message>
        <source>Cholesterol, total</source>
        <translation>Cholesterin, gesamt</translation>
    </message>
    <message>
        <source>HDL cholesterol</source>
        <translation>HDL-Cholesterin</translation>
    </message>
    <message>
        <source>LDL cholesterol (calculated)</source>
        <translation>LDL-Cholesterin (berechnet)</translation>
    </message>
    <message>
        <source>Creatinine</source>
        <translation>Kreatinin</translation>
    </message>
    <message>
        <source>Hemoglobin</source>
        <translation>Hämoglobin</translation>
    </message>
    <message>
        <source>Thyrotropin (TSH)</source>
        <translation>Thyreotropin (TSH)</translation>
    </message>
    <message>
        <source>Potassium</source>
        <translation>Kalium</translation>
    </message>
    <message>
        <source>Sodium</source>
        <translation>Natrium</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>Messung</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Normal range</source>
        <translation>Normalbereich</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Kennzeichen</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Latest measurements</source>
        <translation>Letzte Messungen</translation>
    </message>
    <message>
        <source>Record &amp;vitals…</source>
        <translation>&amp;Vitalwerte erfassen…</translation>
    </message>
    <message>
        <source>Add &amp;result…</source>
        <translation>&amp;Befund hinzufügen…</translation>
    </message>
    <message>
        <source>New &amp;test…</source>
        <translation>Neuer &amp;Test…</translation>
    </message>
    <message>
        <source>Add a laboratory test the list lacks, with its LOINC code, UCUM unit and reference range</source>
        <translation>Einen Labortest hinzufügen, der in der Liste fehlt, mit LOINC-Code, UCUM-Einheit und Referenzbereich</translation>
    </message>
    <message>
        <source>Entered in err&amp;or…</source>
        <translation>Irrtümlich erf&amp;asst…</translation>
    </message>
    <message>
        <source>Mark the selected latest value as entered in error: it stays in the history, marked, and the value before it becomes the latest</source>
        <translation>Den ausgewählten neuesten Wert als irrtümlich erfasst markieren: Er bleibt markiert im Verlauf, und der Wert davor wird zum neuesten</translation>
    </message>
    <message>
        <source>No measurements or results recorded.</source>
        <translation>Keine Messungen oder Befunde erfasst.</translation>
    </message>
    <message>
        <source>Measurements and results</source>
        <translation>Messungen und Befunde</translation>
    </message>
    <message>
        <source>BMI {bmi} kg/m² (computed from the weight of {weight} and the height of {height})</source>
        <translation>BMI {bmi} kg/m² (berechnet aus dem Gewicht vom {weight} und der Größe vom {height})</translation>
    </message>
    <message>
        <source>This measurement has no code or no numeric value, so it cannot be charted.</source>
        <translation>Diese Messung hat keinen Code oder keinen Zahlenwert und kann daher nicht grafisch dargestellt werden.</translation>
    </message>
    <message>
        <source>Values: {n}. The shaded band is the reference range.</source>
        <translation>Werte: {n}. Das schattierte Band ist der Referenzbereich.</translation>
    </message>
    <message>
        <source>Values: {n}.</source>
        <translation>Werte: {n}.</translation>
    </message>
    <message>
        <source>Restricted values not shown: {n}.</source>
        <translation>Nicht angezeigte gesperrte Werte: {n}.</translation>
    </message>
    <message>
        <source>Taken at</source>
        <translation>Gemessen am</translation>
    </message>
    <message>
        <source>Record vital signs</source>
        <translation>Vitalwerte erfassen</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Erfassen</translation>
    </message>
    <message>
        <source>&amp;Taken at</source>
        <translation>&amp;Gemessen am</translation>
    </message>
    <message>
        <source>{what} is a number.</source>
        <translation>{what} muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>Fill in at least one measurement.</source>
        <translation>Geben Sie mindestens eine Messung ein.</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>Type the result&apos;s value.</source>
        <translation>Geben Sie den Wert des Ergebnisses ein.</translation>
    </message>
    <message>
        <source>{text} is not a number.</source>
        <translation>{text} ist keine Zahl.</translation>
    </message>
    <message>
        <source>New laboratory test</source>
        <translation>Neuer Labortest</translation>
    </message>
    <message>
        <source>Add &amp;test</source>
        <translation>&amp;Test hinzufügen</translation>
    </message>
    <message>
        <source>Test name</source>
        <translation>Name des Tests</translation>
    </message>
    <message>
        <source>LOINC code</source>
        <translation>LOINC-Code</translation>
    </message>
    <message>
        <source>e.g. 2571-8</source>
        <translation>z. B. 2571-8</translation>
    </message>
    <message>
        <source>UCUM unit</source>
        <translation>UCUM-Einheit</translation>
    </message>
    <message>
        <source>e.g. mg/dL, mmol/L, 10*3/uL</source>
        <translation>z. B. mg/dL, mmol/L, 10*3/uL</translation>
    </message>
    <message>
        <source>Reference range, low</source>
        <translation>Referenzbereich, untere Grenze</translation>
    </message>
    <message>
        <source>Reference range, high</source>
        <translation>Referenzbereich, obere Grenze</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;LOINC code</source>
        <translation>&amp;LOINC-Code</translation>
    </message>
    <message>
        <source>&amp;Unit (UCUM)</source>
        <translation>&amp;Einheit (UCUM)</translation>
    </message>
    <message>
        <source>Reference &amp;low</source>
        <translation>Referenz &amp;unten</translation>
    </message>
    <message>
        <source>Reference &amp;high</source>
        <translation>Referenz &amp;oben</translation>
    </message>
    <message>
        <source>Add a result</source>
        <translation>Befund hinzufügen</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Test</translation>
    </message>
    <message>
        <source>&amp;Value</source>
        <translation>&amp;Wert</translation>
    </message>
    <message>
        <source>Patient summary</source>
        <translation>Patientenzusammenfassung</translation>
    </message>
    <message>
        <source>Personal details</source>
        <translation>Persönliche Daten</translation>
    </message>
    <message>
        <source>&amp;Edit details…</source>
        <translation>Daten &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Copy &amp;MRN</source>
        <translation>&amp;Pat.-Nr. kopieren</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <source>Gender identity</source>
        <translation>Geschlechtsidentität</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Pat.-Nr.</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>Notfallkontakt</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Restricted record: every opening is flagged for the vault owner&apos;s review.</source>
        <translation>Gesperrte Akte: Jedes Öffnen wird zur Prüfung durch den Tresorinhaber markiert.</translation>
    </message>
    <message>
        <source>Record created</source>
        <translation>Akte angelegt</translation>
    </message>
    <message>
        <source>&amp;Open with this reason</source>
        <translation>Mit dieser Begründung &amp;öffnen</translation>
    </message>
    <message>
        <source>The record of {name} is restricted. To open it, say why. The access lasts the time you choose, is flagged in the audit log and is reviewed by the vault owner.</source>
        <translation>Die Akte von {name} ist gesperrt. Um sie zu öffnen, geben Sie eine Begründung an. Der Zugriff gilt für die gewählte Dauer, wird im Prüfprotokoll markiert und vom Tresorinhaber geprüft.</translation>
    </message>
    <message>
        <source>Reason for opening the restricted record</source>
        <translation>Begründung für das Öffnen der gesperrten Akte</translation>
    </message>
    <message>
        <source>e.g. patient in clinic today, urgent results</source>
        <translation>z. B. Patient heute in der Praxis, dringende Befunde</translation>
    </message>
    <message>
        <source>Access lasts</source>
        <translation>Zugriff gilt für</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>noch {h} Std. {m} Min.</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>noch {m} Min.</translation>
    </message>
    <message>
        <source>{s} s left</source>
        <translation>noch {s} Sek.</translation>
    </message>
    <message>
        <source>Emergency access is active: {left}. Everything you open or change is flagged and reviewed by another holder of the clinical key.</source>
        <translation>Notfallzugriff ist aktiv: {left}. Alles, was Sie öffnen oder ändern, wird markiert und von einer anderen Person mit dem klinischen Schlüssel geprüft.</translation>
    </message>
    <message>
        <source>Restricted record opened with a reason: {left}. Everything you open or change is flagged for review.</source>
        <translation>Gesperrte Akte mit Begründung geöffnet: {left}. Alles, was Sie öffnen oder ändern, wird zur Prüfung markiert.</translation>
    </message>
    <message>
        <source>Reason given: {reason}</source>
        <translation>Angegebener Grund: {reason}</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} Minuten</translation>
    </message>
    <message>
        <source>{n} hours</source>
        <translation>{n} Stunden</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} Std. {m} Min.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>Access &amp;lasts:</source>
        <translation>Zugriff gilt &amp;für:</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>no end</source>
        <translation>unbefristet</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>No consents recorded for this patient.</source>
        <translation>Für diesen Patienten sind keine Einwilligungen erfasst.</translation>
    </message>
    <message>
        <source>&amp;Record consent…</source>
        <translation>Einwilligung &amp;erfassen…</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Consents to share</source>
        <translation>Einwilligungen zur Weitergabe</translation>
    </message>
    <message>
        <source>Withdrawn {when}</source>
        <translation>Widerrufen am {when}</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Not in force</source>
        <translation>Nicht gültig</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>Einwilligung widerrufen</translation>
    </message>
    <message>
        <source>Record that the patient withdrew their consent to share with {who}? The consent is kept in the history, marked withdrawn.</source>
        <translation>Erfassen, dass der Patient seine Einwilligung zur Weitergabe an {who} widerrufen hat? Die Einwilligung bleibt als widerrufen im Verlauf erhalten.</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Record consent</source>
        <translation>Einwilligung erfassen</translation>
    </message>
    <message>
        <source>Choose who receives the information, or type a new recipient.</source>
        <translation>Wählen Sie aus, wer die Informationen erhält, oder geben Sie einen neuen Empfänger ein.</translation>
    </message>
    <message>
        <source>New recipient&apos;s name</source>
        <translation>Name des neuen Empfängers</translation>
    </message>
    <message>
        <source>or type a new recipient (doctor, hospital…)</source>
        <translation>oder einen neuen Empfänger eingeben (Arzt, Krankenhaus…)</translation>
    </message>
    <message>
        <source>New recipient&apos;s organisation</source>
        <translation>Organisation des neuen Empfängers</translation>
    </message>
    <message>
        <source>organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or empty for no end date</source>
        <translation>JJJJ-MM-TT, oder leer für unbefristet</translation>
    </message>
    <message>
        <source>&amp;Recipient</source>
        <translation>&amp;Empfänger</translation>
    </message>
    <message>
        <source>&amp;Sections</source>
        <translation>&amp;Bereiche</translation>
    </message>
    <message>
        <source>&amp;Purpose</source>
        <translation>&amp;Zweck</translation>
    </message>
    <message>
        <source>Valid &amp;until</source>
        <translation>Gültig &amp;bis</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Everyone who opened or changed this record, from the vault&apos;s tamper-evident audit log. Bold rows are break-glass or emergency access, which the owner reviews. The patient may have a copy.</source>
        <translation>Alle, die diese Akte geöffnet oder geändert haben, aus dem manipulationssicheren Prüfprotokoll des Tresors. Fett gedruckte Zeilen sind Notfallzugriffe („Break-Glass“), die der Inhaber prüft. Der Patient kann eine Kopie erhalten.</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export the access report</source>
        <translation>Zugriffsbericht exportieren</translation>
    </message>
    <message>
        <source>Web page (*.html);;CSV (*.csv);;JSON (*.json);;Text (*.txt)</source>
        <translation>Webseite (*.html);;CSV (*.csv);;JSON (*.json);;Text (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Unter {path} gespeichert.</translation>
    </message>
    <message>
        <source>Born {date}</source>
        <translation>Geboren am {date}</translation>
    </message>
    <message>
        <source>Active problems</source>
        <translation>Aktive Probleme</translation>
    </message>
    <message>
        <source>No active problems.</source>
        <translation>Keine aktiven Probleme.</translation>
    </message>
    <message>
        <source>Latest vital signs</source>
        <translation>Letzte Vitalwerte</translation>
    </message>
    <message>
        <source>No vital signs recorded.</source>
        <translation>Keine Vitalwerte erfasst.</translation>
    </message>
    <message>
        <source>Latest results</source>
        <translation>Letzte Befunde</translation>
    </message>
    <message>
        <source>{n} restricted entries are not shown.</source>
        <translation>{n} gesperrte Einträge werden nicht angezeigt.</translation>
    </message>
    <message>
        <source>Printed {when} by {who} from MedVault. Confidential health information.</source>
        <translation>Gedruckt am {when} von {who} aus MedVault. Vertrauliche Gesundheitsdaten.</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Besuch</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>amendment</source>
        <translation>Nachtrag</translation>
    </message>
    <message>
        <source>Untitled note</source>
        <translation>Notiz ohne Titel</translation>
    </message>
    <message>
        <source>amended {n}×</source>
        <translation>{n}× nachgetragen</translation>
    </message>
    <message>
        <source>Problem: {name}</source>
        <translation>Problem: {name}</translation>
    </message>
    <message>
        <source>Started {name}</source>
        <translation>Begonnen: {name}</translation>
    </message>
    <message>
        <source>Stopped {name}</source>
        <translation>Abgesetzt: {name}</translation>
    </message>
    <message>
        <source>Allergy: {name}</source>
        <translation>Allergie: {name}</translation>
    </message>
    <message>
        <source>Immunization: {name}</source>
        <translation>Impfung: {name}</translation>
    </message>
    <message>
        <source>{n} measurements</source>
        <translation>{n} Messungen</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Besuche</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <source>Problems and medicines</source>
        <translation>Probleme und Medikamente</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>Showing the newest {n} of {total} measurements; the Observations section has every trend.</source>
        <translation>Die neuesten {n} von {total} Messungen werden angezeigt; der Bereich „Messwerte“ enthält alle Verläufe.</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Noch nichts erfasst.</translation>
    </message>
    <message>
        <source>Trend chart</source>
        <translation>Verlaufsdiagramm</translation>
    </message>
    <message>
        <source>No values to chart</source>
        <translation>Keine Werte zum Darstellen</translation>
    </message>
    <message>
        <source>Reference range {low}–{high}</source>
        <translation>Referenzbereich {low}–{high}</translation>
    </message>
    <message>
        <source>Outside the reference range</source>
        <translation>Außerhalb des Referenzbereichs</translation>
    </message>
    <message>
        <source>MedVault emergency kit</source>
        <translation>MedVault-Notfallkit</translation>
    </message>
    <message>
        <source>Print this page and keep it somewhere safe and private, away from the computer: a locked drawer, a safe, or with someone you trust. A saved PDF belongs on a USB stick or other removable media kept the same way: the PDF is not encrypted, so anyone who opens it can read the key.</source>
        <translation>Drucken Sie diese Seite aus und bewahren Sie sie sicher und privat auf, nicht am Computer: in einer verschlossenen Schublade, einem Tresor oder bei einer Person Ihres Vertrauens. Eine gespeicherte PDF-Datei gehört auf einen USB-Stick oder einen anderen Wechseldatenträger, der ebenso verwahrt wird: Die PDF-Datei ist nicht verschlüsselt, jeder, der sie öffnet, kann den Schlüssel lesen.</translation>
    </message>
    <message>
        <source>This key replaces an earlier recovery key, which no longer works. Destroy the old emergency kit.</source>
        <translation>Dieser Schlüssel ersetzt einen früheren Wiederherstellungsschlüssel, der nicht mehr funktioniert. Vernichten Sie das alte Notfallkit.</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>Tresor</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>When to use it</source>
        <translation>Wann Sie ihn brauchen</translation>
    </message>
    <message>
        <source>If the owner&apos;s password is lost, this key sets a new one. Open the vault in MedVault, choose “Forgot your password?” on the unlock screen, type this key and choose a new password. Without the window (for IT support): run “medvault recover” with the vault folder. The authenticator app has to be set up again afterwards.</source>
        <translation>Wenn das Passwort des Eigentümers verloren ist, wird mit diesem Schlüssel ein neues festgelegt. Öffnen Sie den Tresor in MedVault, wählen Sie auf dem Entsperrbildschirm „Passwort vergessen?“, geben Sie diesen Schlüssel ein und wählen Sie ein neues Passwort. Ohne das Fenster (für den IT-Support): Führen Sie „medvault recover“ mit dem Tresorordner aus. Die Authenticator-App muss danach neu eingerichtet werden.</translation>
    </message>
    <message>
        <source>Anyone who has this key and a copy of the vault folder can open the vault. Do not photograph it, e-mail it or store it on this computer.</source>
        <translation>Wer diesen Schlüssel und eine Kopie des Tresorordners hat, kann den Tresor öffnen. Fotografieren Sie ihn nicht, versenden Sie ihn nicht per E-Mail und speichern Sie ihn nicht auf diesem Computer.</translation>
    </message>
    <message>
        <source>That PIN is not correct.</source>
        <translation>Diese PIN ist nicht korrekt.</translation>
    </message>
    <message>
        <source>That PIN was wrong three times. Unlock with your password.</source>
        <translation>Die PIN war dreimal falsch. Entsperren Sie mit Ihrem Passwort.</translation>
    </message>
    <message>
        <source>A PIN is digits only.</source>
        <translation>Eine PIN besteht nur aus Ziffern.</translation>
    </message>
    <message>
        <source>A PIN has {lo} to {hi} digits.</source>
        <translation>Eine PIN hat {lo} bis {hi} Ziffern.</translation>
    </message>
    <message>
        <source>Avoid repeated or consecutive digits such as 1111 or 1234.</source>
        <translation>Vermeiden Sie wiederholte oder aufeinanderfolgende Ziffern wie 1111 oder 1234.</translation>
    </message>
    <message>
        <source>That PIN is not correct. Tries left before the full password is needed: {n}.</source>
        <translation>Diese PIN ist nicht korrekt. Verbleibende Versuche, bevor das vollständige Passwort nötig ist: {n}.</translation>
    </message>
    <message>
        <source>Finish the sign-in set-up the policy asks for before setting a PIN.</source>
        <translation>Schließen Sie zuerst die von der Richtlinie verlangte Anmeldeeinrichtung ab, bevor Sie eine PIN festlegen.</translation>
    </message>
    <message>
        <source>Your sign-in details changed since the PIN was set. Unlock with your password.</source>
        <translation>Ihre Anmeldedaten haben sich geändert, seit die PIN festgelegt wurde. Entsperren Sie mit Ihrem Passwort.</translation>
    </message>
    <message>
        <source>Show password</source>
        <translation>Passwort anzeigen</translation>
    </message>
    <message>
        <source>Hide password</source>
        <translation>Passwort verbergen</translation>
    </message>
    <message>
        <source>Very weak</source>
        <translation>Sehr schwach</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Schwach</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Stark</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Sehr stark</translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation>Passwortstärke</translation>
    </message>
    <message>
        <source>Password advice</source>
        <translation>Passworthinweise</translation>
    </message>
    <message>
        <source>No password yet</source>
        <translation>Noch kein Passwort</translation>
    </message>
    <message>
        <source>Use at least {n} characters. A few unrelated words make a strong password that is easy to remember.</source>
        <translation>Verwenden Sie mindestens {n} Zeichen. Einige voneinander unabhängige Wörter ergeben ein starkes Passwort, das leicht zu merken ist.</translation>
    </message>
    <message>
        <source>This password can be used.</source>
        <translation>Dieses Passwort kann verwendet werden.</translation>
    </message>
    <message>
        <source>Adding made-up patients: {done} of {total}…</source>
        <translation>Erfundene Patienten werden angelegt: {done} von {total}…</translation>
    </message>
    <message>
        <source>Creating the demo vault…</source>
        <translation>Der Demo-Tresor wird erstellt…</translation>
    </message>
    <message>
        <source>Adding made-up patients…</source>
        <translation>Erfundene Patienten werden angelegt…</translation>
    </message>
    <message>
        <source>Imported from {file} ({resource}) by {user} on {date}</source>
        <extracomment>The snapshot changed (opened, reloaded, or an entry was added or edited). Why clinical sections are missing although the role allows them (no key yet). Where imported entries came from (FHIR import), by entry id.</extracomment>
        <translation>Importiert aus {file} ({resource}) von {user} am {date}</translation>
    </message>
    <message>
        <source>matched by identifier</source>
        <translation>über die Kennung zugeordnet</translation>
    </message>
    <message>
        <source>same identifier, but another name or birth date</source>
        <translation>gleiche Kennung, aber anderer Name oder anderes Geburtsdatum</translation>
    </message>
    <message>
        <source>matched by name and birth date</source>
        <translation>über Name und Geburtsdatum zugeordnet</translation>
    </message>
    <message>
        <source>matched by name to the patient an earlier import of the same source created</source>
        <translation>über den Namen der Person zugeordnet, die ein früherer Import derselben Quelle angelegt hat</translation>
    </message>
    <message>
        <source>similar name and the same birth date: choose</source>
        <translation>ähnlicher Name und dasselbe Geburtsdatum: bitte wählen</translation>
    </message>
    <message>
        <source>restricted record with the same name: opening it asks for a reason</source>
        <translation>gesperrte Akte mit demselben Namen: Öffnen verlangt eine Begründung</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>ausgewählt</translation>
    </message>
    <message>
        <source>new patient</source>
        <translation>neuer Patient</translation>
    </message>
    <message>
        <source>more than one match: choose</source>
        <translation>mehrere Treffer: bitte auswählen</translation>
    </message>
    <message>
        <source>Import health records</source>
        <translation>Gesundheitsdaten importieren</translation>
    </message>
    <message>
        <source>{read} resources read from {files}. {imported} will be imported, {duplicates} are already here, {skipped} will not be imported.</source>
        <translation>{read} Ressourcen aus {files} gelesen. {imported} werden importiert, {duplicates} sind bereits vorhanden, {skipped} werden nicht importiert.</translation>
    </message>
    <message>
        <source>Reading health records… {n} resources so far</source>
        <translation>Gesundheitsdaten werden gelesen… bisher {n} Ressourcen</translation>
    </message>
    <message>
        <source>The import was cancelled: nothing was saved.</source>
        <translation>Der Import wurde abgebrochen: Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>Imported {total} records ({entries} entries). {duplicates} were already here; {skipped} were not imported.</source>
        <translation>{total} Datensätze importiert ({entries} Einträge). {duplicates} waren bereits vorhanden; {skipped} wurden nicht importiert.</translation>
    </message>
    <message>
        <source>Each imported entry shows where it came from.</source>
        <translation>Jeder importierte Eintrag zeigt, woher er stammt.</translation>
    </message>
    <message>
        <source>{n} clinical records were left out: your role brings in demographics only. Give the file to a clinician to import them.</source>
        <translation>{n} klinische Datensätze wurden ausgelassen: Ihre Rolle darf nur Stammdaten importieren. Geben Sie die Datei an eine Ärztin oder einen Arzt weiter, um sie zu importieren.</translation>
    </message>
    <message>
        <source>Import {name} into</source>
        <translation>{name} importieren in</translation>
    </message>
    <message>
        <source>Choose a patient…</source>
        <translation>Patienten auswählen…</translation>
    </message>
    <message>
        <source>{name}, born {born} ({how})</source>
        <translation>{name}, geboren {born} ({how})</translation>
    </message>
    <message>
        <source>A new patient</source>
        <translation>Einen neuen Patienten</translation>
    </message>
    <message>
        <source>{name}, born {born}: {how}</source>
        <translation>{name}, geboren {born}: {how}</translation>
    </message>
    <message>
        <source>The files name no patient; their records go to the patient you chose.</source>
        <translation>Die Dateien nennen keinen Patienten; die Einträge gehen an den von Ihnen gewählten Patienten.</translation>
    </message>
    <message>
        <source>Will import</source>
        <translation>Wird importiert</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>What will be imported</source>
        <translation>Was importiert wird</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>Nicht importiert</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>What will not be imported, and why</source>
        <translation>Was nicht importiert wird, und warum</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>FHIR JSON or NDJSON (*.json *.ndjson *.jsonl);;All files (*)</source>
        <translation>FHIR-JSON oder -NDJSON (*.json *.ndjson *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Reading health records…</source>
        <translation>Gesundheitsdaten werden gelesen…</translation>
    </message>
    <message>
        <source>Importing health records…</source>
        <translation>Gesundheitsdaten werden importiert…</translation>
    </message>
    <message>
        <source>No known allergies (NKA)</source>
        <translation>Keine bekannten Allergien (NKA)</translation>
    </message>
    <message>
        <source>No known drug allergies (NKDA)</source>
        <translation>Keine bekannten Arzneimittelallergien (NKDA)</translation>
    </message>
    <message>
        <source>No current medications</source>
        <translation>Keine aktuellen Medikamente</translation>
    </message>
    <message>
        <source>Allergies not yet recorded</source>
        <translation>Allergien noch nicht erfasst</translation>
    </message>
    <message>
        <source>Medications not yet recorded</source>
        <translation>Medikamente noch nicht erfasst</translation>
    </message>
    <message>
        <source>Allergies recorded</source>
        <translation>Allergien erfasst</translation>
    </message>
    <message>
        <source>No known allergies (recorded {date} by {who})</source>
        <translation>Keine bekannten Allergien (erfasst am {date} von {who})</translation>
    </message>
    <message>
        <source>No known drug allergies (recorded {date} by {who})</source>
        <translation>Keine bekannten Arzneimittelallergien (erfasst am {date} von {who})</translation>
    </message>
    <message>
        <source>Medications recorded</source>
        <translation>Medikamente erfasst</translation>
    </message>
    <message>
        <source>No current medications (recorded {date} by {who})</source>
        <translation>Keine aktuellen Medikamente (erfasst am {date} von {who})</translation>
    </message>
    <message>
        <source>No current medications in the list</source>
        <translation>Keine aktuellen Medikamente in der Liste</translation>
    </message>
    <message>
        <source>MedVault sharing package (*.medvault-share);;All files (*)</source>
        <translation>MedVault-Freigabepaket (*.medvault-share);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Contact card (*.card *.json);;All files (*)</source>
        <translation>Kontaktkarte (*.card *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>not a file, or too large</source>
        <translation>keine Datei oder zu groß</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>very weak</source>
        <translation>sehr schwach</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>schwach</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>stark</translation>
    </message>
    <message>
        <source>Strength: {0}</source>
        <translation>Stärke: {0}</translation>
    </message>
    <message>
        <source>use at least 12 characters, not a common password</source>
        <translation>verwenden Sie mindestens 12 Zeichen und kein gängiges Passwort</translation>
    </message>
    <message>
        <source>born {date}</source>
        <translation>geboren am {date}</translation>
    </message>
    <message>
        <source>restricted record</source>
        <translation>gesperrte Akte</translation>
    </message>
    <message>
        <source>Merge a duplicate record</source>
        <translation>Doppelte Akte zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Merge into this record</source>
        <translation>In diese Akte &amp;zusammenführen</translation>
    </message>
    <message>
        <source>Choose the duplicate record of {name}. Everything recorded in it (every entry, appointments, consents) moves into this record, and the duplicate disappears from searches. The merge is recorded in the audit log and can be undone until this record is next changed.</source>
        <translation>Wählen Sie die doppelte Akte von {name}. Alles, was darin erfasst ist (alle Einträge, Termine, Einwilligungen), wird in diese Akte übernommen, und die doppelte Akte erscheint in keiner Suche mehr. Die Zusammenführung wird im Prüfprotokoll festgehalten und kann rückgängig gemacht werden, bis diese Akte das nächste Mal geändert wird.</translation>
    </message>
    <message>
        <source>Records to merge</source>
        <translation>Zusammenzuführende Akten</translation>
    </message>
    <message>
        <source>Find another record</source>
        <translation>Andere Akte suchen</translation>
    </message>
    <message>
        <source>Name, birth date or MRN</source>
        <translation>Name, Geburtsdatum oder Pat.-Nr.</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Reason for the merge</source>
        <translation>Grund für die Zusammenführung</translation>
    </message>
    <message>
        <source>e.g. registered twice at the front desk</source>
        <translation>z. B. am Empfang doppelt angelegt</translation>
    </message>
    <message>
        <source>Possible &amp;duplicates:</source>
        <translation>Mögliche &amp;Doppelungen:</translation>
    </message>
    <message>
        <source>Or f&amp;ind:</source>
        <translation>Oder s&amp;uchen:</translation>
    </message>
    <message>
        <source>No record with the same MRN, or the same birth date and names, was found. Find the duplicate by name.</source>
        <translation>Es wurde keine Akte mit derselben Pat.-Nr. oder demselben Geburtsdatum und Namen gefunden. Suchen Sie die doppelte Akte über den Namen.</translation>
    </message>
    <message>
        <source>{text} is not a date: write it as {example}, or choose it in the calendar.</source>
        <translation>{text} ist kein Datum: Schreiben Sie es als {example} oder wählen Sie es im Kalender.</translation>
    </message>
    <message>
        <source>Choose a date</source>
        <translation>Datum wählen</translation>
    </message>
    <message>
        <source>Type the date as {example} (or YYYY-MM-DD), or choose it in the calendar.</source>
        <translation>Geben Sie das Datum als {example} (oder JJJJ-MM-TT) ein, oder wählen Sie es im Kalender.</translation>
    </message>
    <message>
        <source>Calendar…</source>
        <translation>Kalender…</translation>
    </message>
    <message>
        <source>Choose {what} in a calendar</source>
        <translation>{what} im Kalender wählen</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>Fingerabdruck des Schlüssels</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Gültig bis</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About MedVault</source>
        <translation>Über MedVault</translation>
    </message>
    <message>
        <source>An encrypted vault for health records.</source>
        <translation>Ein verschlüsselter Tresor für Gesundheitsdaten.</translation>
    </message>
    <message>
        <source>Test mode: new key slots use deliberately weak password hashing (MEDVAULT_INSECURE_TEST_KDF). Do not keep real records in this mode.</source>
        <translation>Testmodus: Neue Schlüsselplätze verwenden absichtlich schwaches Passwort-Hashing (MEDVAULT_INSECURE_TEST_KDF). Bewahren Sie in diesem Modus keine echten Daten auf.</translation>
    </message>
    <message>
        <source>recovery key, HKDF-SHA256 (160-bit key, no stretching needed)</source>
        <translation>Wiederherstellungsschlüssel, HKDF-SHA256 (160-Bit-Schlüssel, keine Streckung nötig)</translation>
    </message>
    <message>
        <source>password, Argon2id {mib} MiB, time cost {t}, parallelism {p}</source>
        <translation>Passwort, Argon2id {mib} MiB, Zeitkosten {t}, Parallelität {p}</translation>
    </message>
    <message>
        <source> + workstation keychain</source>
        <translation> + Schlüsselbund des Arbeitsplatzes</translation>
    </message>
    <message>
        <source>This vault</source>
        <translation>Dieser Tresor</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>AboutYouPage</name>
    <message>
        <source>About you</source>
        <translation>Über Sie</translation>
    </message>
    <message>
        <source>This vault keeps your own health records and your family&apos;s. Your own record starts with these details; you can add more later.</source>
        <translation>Dieser Tresor enthält Ihre eigenen Gesundheitsdaten und die Ihrer Familie. Ihre eigene Akte beginnt mit diesen Angaben; weitere können Sie später ergänzen.</translation>
    </message>
    <message>
        <source>Your given name</source>
        <translation>Ihr Vorname</translation>
    </message>
    <message>
        <source>Your family name</source>
        <translation>Ihr Nachname</translation>
    </message>
    <message>
        <source>Your birth date</source>
        <translation>Ihr Geburtsdatum</translation>
    </message>
    <message>
        <source>YYYY-MM-DD or DD.MM.YYYY</source>
        <translation>JJJJ-MM-TT oder TT.MM.JJJJ</translation>
    </message>
    <message>
        <source>&amp;Given name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <source>F&amp;amily name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <source>Birth &amp;date:</source>
        <translation>Geburts&amp;datum:</translation>
    </message>
    <message>
        <source>Only you see these: they are stored encrypted in the vault, like every record.</source>
        <translation>Nur Sie sehen diese Angaben: Sie werden wie jede Akte verschlüsselt im Tresor gespeichert.</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>&amp;Change password…</source>
        <extracomment>The user&apos;s factors changed (the main window re-checks pending enrolment).</extracomment>
        <translation>Passwort &amp;ändern…</translation>
    </message>
    <message>
        <source>New &amp;recovery key…</source>
        <translation>Neuer &amp;Wiederherstellungsschlüssel…</translation>
    </message>
    <message>
        <source>Make a new recovery key; the one in your emergency kit stops working</source>
        <translation>Einen neuen Wiederherstellungsschlüssel erstellen; der Schlüssel in Ihrem Notfallkit funktioniert dann nicht mehr</translation>
    </message>
    <message>
        <source>Set up &amp;authenticator app…</source>
        <translation>&amp;Authenticator-App einrichten…</translation>
    </message>
    <message>
        <source>Turn off…</source>
        <translation>Ausschalten…</translation>
    </message>
    <message>
        <source>Enrol this &amp;computer…</source>
        <translation>Diesen &amp;Computer registrieren…</translation>
    </message>
    <message>
        <source>Stop using it…</source>
        <translation>Nicht mehr verwenden…</translation>
    </message>
    <message>
        <source>Set a &amp;PIN…</source>
        <translation>&amp;PIN festlegen…</translation>
    </message>
    <message>
        <source>Forget the PIN</source>
        <translation>PIN vergessen</translation>
    </message>
    <message>
        <source>Reason for emergency access</source>
        <translation>Begründung für den Notfallzugriff</translation>
    </message>
    <message>
        <source>Why is emergency access needed? (recorded for the owner&apos;s review)</source>
        <translation>Warum ist ein Notfallzugriff nötig? (wird zur Prüfung durch den Inhaber protokolliert)</translation>
    </message>
    <message>
        <source>Activate &amp;emergency access</source>
        <translation>&amp;Notfallzugriff aktivieren</translation>
    </message>
    <message>
        <source>Emergency access</source>
        <translation>Notfallzugriff</translation>
    </message>
    <message>
        <source>Emergency access lasts</source>
        <translation>Notfallzugriff dauert</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mein Konto</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>Authenticator-App</translation>
    </message>
    <message>
        <source>Workstation factor</source>
        <translation>Arbeitsplatzfaktor</translation>
    </message>
    <message>
        <source>Quick unlock</source>
        <translation>Schnell entsperren</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Same as this computer</source>
        <translation>Wie dieser Computer</translation>
    </message>
    <message>
        <source>For your account on this computer, the sign-in screen included. MedVault speaks the language you choose from the next time it starts.</source>
        <translation>Für Ihr Konto auf diesem Computer, einschließlich des Anmeldebildschirms. MedVault spricht die gewählte Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>The language choice could not be saved: {error}</source>
        <translation>Die Sprachwahl konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Saved. MedVault will speak this computer&apos;s language the next time it starts.</source>
        <translation>Gespeichert. MedVault spricht ab dem nächsten Start die Sprache dieses Computers.</translation>
    </message>
    <message>
        <source>Saved. MedVault will speak {language} the next time it starts.</source>
        <translation>Gespeichert. MedVault spricht ab dem nächsten Start {language}.</translation>
    </message>
    <message>
        <source>Your password opens your key to the vault. Nobody can read it back. If you forget it, the recovery key from your emergency kit sets a new one (“Forgot your password?” on the unlock screen).</source>
        <translation>Ihr Passwort öffnet Ihren Schlüssel zum Tresor. Niemand kann es auslesen. Wenn Sie es vergessen, setzt der Wiederherstellungsschlüssel aus Ihrem Notfallkit ein neues („Passwort vergessen?“ auf dem Entsperrbildschirm).</translation>
    </message>
    <message>
        <source>Your password opens your key to the vault. Nobody can read it back. If you forget it, the vault owner sets a new one for you.</source>
        <translation>Ihr Passwort öffnet Ihren Schlüssel zum Tresor. Niemand kann es auslesen. Wenn Sie es vergessen, setzt Ihnen der Inhaber des Tresors ein neues.</translation>
    </message>
    <message>
        <source>Signed in as {name} ({role}) in {vault}.</source>
        <translation>Angemeldet als {name} ({role}) in {vault}.</translation>
    </message>
    <message>
        <source>choose your own password</source>
        <translation>ein eigenes Passwort wählen</translation>
    </message>
    <message>
        <source>set up an authenticator app</source>
        <translation>eine Authenticator-App einrichten</translation>
    </message>
    <message>
        <source>enrol this computer</source>
        <translation>diesen Computer registrieren</translation>
    </message>
    <message>
        <source>Before you can use the vault, the policy asks you to {what}.</source>
        <translation>Bevor Sie den Tresor verwenden können, verlangt die Richtlinie, dass Sie {what}.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>On: signing in asks for a code from your phone.</source>
        <translation>Ein: Bei der Anmeldung wird ein Code von Ihrem Telefon abgefragt.</translation>
    </message>
    <message>
        <source>Off. An authenticator app adds a 6-digit code to signing in.</source>
        <translation>Aus. Eine Authenticator-App ergänzt die Anmeldung um einen 6-stelligen Code.</translation>
    </message>
    <message>
        <source>This vault requires it for your role.</source>
        <translation>Dieser Tresor verlangt sie für Ihre Rolle.</translation>
    </message>
    <message>
        <source>Turned off by the machine policy.</source>
        <translation>Durch die Richtlinie dieses Computers ausgeschaltet.</translation>
    </message>
    <message>
        <source>On: your vault key also needs this computer&apos;s keychain, so a copied vault and your password are not enough.</source>
        <translation>Ein: Ihr Tresorschlüssel braucht zusätzlich den Schlüsselbund dieses Computers, sodass ein kopierter Tresor und Ihr Passwort nicht ausreichen.</translation>
    </message>
    <message>
        <source>Unavailable: this computer has no keychain MedVault can use.</source>
        <translation>Nicht verfügbar: Dieser Computer hat keinen Schlüsselbund, den MedVault verwenden kann.</translation>
    </message>
    <message>
        <source>Off. Turning it on ties your sign-in to this computer&apos;s keychain.</source>
        <translation>Aus. Beim Einschalten wird Ihre Anmeldung an den Schlüsselbund dieses Computers gebunden.</translation>
    </message>
    <message>
        <source>Active until {time}. Everything you do is flagged for review.</source>
        <translation>Aktiv bis {time}. Alles, was Sie tun, wird zur Prüfung markiert.</translation>
    </message>
    <message>
        <source>This account can do nothing until it is activated with a reason. The owner reviews every activation.</source>
        <translation>Dieses Konto kann nichts tun, bis es mit einer Begründung aktiviert wird. Der Inhaber prüft jede Aktivierung.</translation>
    </message>
    <message>
        <source>Emergency access is not available in this build.</source>
        <translation>Der Notfallzugriff ist in dieser Version nicht verfügbar.</translation>
    </message>
    <message>
        <source>The vault owner has not allowed PIN unlock (Vault settings).</source>
        <translation>Der Tresorinhaber hat das Entsperren per PIN nicht erlaubt (Tresoreinstellungen).</translation>
    </message>
    <message>
        <source>A PIN is set. After an idle lock it unlocks MedVault again until MedVault closes.</source>
        <translation>Eine PIN ist festgelegt. Nach einer Sperre wegen Inaktivität entsperrt sie MedVault wieder, bis MedVault beendet wird.</translation>
    </message>
    <message>
        <source>No PIN. With one, unlocking after an idle lock is quicker.</source>
        <translation>Keine PIN. Mit einer PIN geht das Entsperren nach einer Sperre wegen Inaktivität schneller.</translation>
    </message>
    <message>
        <source>Choose your own password</source>
        <translation>Eigenes Passwort wählen</translation>
    </message>
    <message>
        <source>You signed in with a temporary password that someone else has seen. Choose your own now: nothing else in MedVault opens until you have.</source>
        <translation>Sie haben sich mit einem vorläufigen Passwort angemeldet, das eine andere Person gesehen hat. Wählen Sie jetzt Ihr eigenes: Bis dahin öffnet sich in MedVault nichts anderes.</translation>
    </message>
    <message>
        <source>Set my password</source>
        <translation>Mein Passwort festlegen</translation>
    </message>
    <message>
        <source>&amp;Temporary password:</source>
        <translation>&amp;Vorläufiges Passwort:</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>Vorläufiges Passwort</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Your data is not re-encrypted: only your key slot is rewritten, so this is quick.</source>
        <translation>Ihre Daten werden nicht neu verschlüsselt: Nur Ihr Schlüsselplatz wird neu geschrieben, das geht also schnell.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Passwort geändert</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Ihr Passwort wurde geändert.</translation>
    </message>
    <message>
        <source>Changing your password…</source>
        <translation>Passwort wird geändert…</translation>
    </message>
    <message>
        <source>Turning on the authenticator app…</source>
        <translation>Authenticator-App wird eingeschaltet…</translation>
    </message>
    <message>
        <source>New recovery key</source>
        <translation>Neuer Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>A new recovery key replaces the one in your emergency kit, which stops working at once. Do this if the kit may have been seen or is lost. Type your password to go on.</source>
        <translation>Ein neuer Wiederherstellungsschlüssel ersetzt den Schlüssel in Ihrem Notfallkit, der sofort nicht mehr funktioniert. Tun Sie dies, wenn das Kit gesehen worden sein könnte oder verloren ist. Geben Sie zum Fortfahren Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Make a new key</source>
        <translation>Neuen Schlüssel erstellen</translation>
    </message>
    <message>
        <source>Making a new recovery key…</source>
        <translation>Neuer Wiederherstellungsschlüssel wird erstellt…</translation>
    </message>
    <message>
        <source>Turn off the authenticator app</source>
        <translation>Authenticator-App ausschalten</translation>
    </message>
    <message>
        <source>Signing in will no longer ask for a code.</source>
        <translation>Bei der Anmeldung wird nicht mehr nach einem Code gefragt.</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Ausschalten</translation>
    </message>
    <message>
        <source>Enrol this computer</source>
        <translation>Diesen Computer registrieren</translation>
    </message>
    <message>
        <source>A random secret is stored in this computer&apos;s keychain and mixed into your key. You will then be able to sign in only on this computer; the owner can reset your password if it is replaced.</source>
        <translation>Ein zufälliges Geheimnis wird im Schlüsselbund dieses Computers gespeichert und in Ihren Schlüssel eingemischt. Danach können Sie sich nur noch an diesem Computer anmelden; wird er ersetzt, kann der Inhaber Ihr Passwort zurücksetzen.</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Registrieren</translation>
    </message>
    <message>
        <source>Stop using the workstation factor</source>
        <translation>Arbeitsplatzfaktor nicht mehr verwenden</translation>
    </message>
    <message>
        <source>Your key will open with the password alone again.</source>
        <translation>Ihr Schlüssel lässt sich dann wieder allein mit dem Passwort öffnen.</translation>
    </message>
    <message>
        <source>Stop using it</source>
        <translation>Nicht mehr verwenden</translation>
    </message>
    <message>
        <source>Setting the PIN…</source>
        <translation>PIN wird festgelegt…</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Did</source>
        <translation>Tätigkeit</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>the patient&apos;s details</source>
        <extracomment>Words for the commonest actions that are not a kind&apos;s (those come from the registry&apos;s access-report words); anything else shows as its action id.</extracomment>
        <translation>die Patientendaten</translation>
    </message>
    <message>
        <source>the chart</source>
        <translation>die Akte</translation>
    </message>
    <message>
        <source>the consents</source>
        <translation>die Einwilligungen</translation>
    </message>
    <message>
        <source>a printed summary</source>
        <translation>eine gedruckte Zusammenfassung</translation>
    </message>
    <message>
        <source>changed: {what}</source>
        <translation>geändert: {what}</translation>
    </message>
    <message>
        <source>opened: {what}</source>
        <translation>geöffnet: {what}</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>The emergency account is a sealed break-glass secret. Its password opens the clinical records even without MedVault, so reading them that way leaves no audit entry. Print the password, seal it in an envelope and keep it in a safe. After each use, you must rotate the clinical key and set a new emergency password before the account works again.</source>
        <translation>Das Notfallkonto ist ein versiegeltes Notfallgeheimnis. Sein Passwort öffnet die klinischen Daten auch ohne MedVault, und ein solches Lesen hinterlässt keinen Protokolleintrag. Drucken Sie das Passwort aus, versiegeln Sie es in einem Umschlag und bewahren Sie es in einem Safe auf. Nach jeder Verwendung müssen Sie den klinischen Schlüssel rotieren und ein neues Notfallpasswort festlegen, bevor das Konto wieder funktioniert.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Vollständiger Name:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>R&amp;epeat it:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <source>&amp;Give them access to clinical records now (you hold the key)</source>
        <translation>Zugriff auf klinische Daten jetzt &amp;gewähren (Sie besitzen den Schlüssel)</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>The new user chooses nothing yet: give them this password in person and ask them to change it under My account. Clinicians get access to clinical records once a clinician or the owner approves it under Pending grants.</source>
        <translation>Der neue Benutzer muss noch nichts wählen: Geben Sie ihm dieses Passwort persönlich und bitten Sie ihn, es unter „Mein Konto“ zu ändern. Ärztliches und pflegerisches Personal erhält Zugriff auf klinische Akten, sobald ein Arzt oder der Inhaber dies unter „Offene Freigaben“ genehmigt.</translation>
    </message>
</context>
<context>
    <name>AdministrationPage</name>
    <message>
        <source>Administration sections</source>
        <translation>Verwaltungsbereiche</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Verwaltung</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Your vault is ready. Sign in with the password you just chose.</source>
        <translation>Ihr Tresor ist bereit. Melden Sie sich mit dem soeben gewählten Passwort an.</translation>
    </message>
    <message>
        <source>Open a vault folder</source>
        <translation>Tresorordner öffnen</translation>
    </message>
    <message>
        <source>Open a vault</source>
        <translation>Tresor öffnen</translation>
    </message>
    <message>
        <source>{path} is not a MedVault vault: it has no vault.json. Choose the vault folder itself.</source>
        <translation>{path} ist kein MedVault-Tresor: Er enthält keine vault.json. Wählen Sie den Tresorordner selbst.</translation>
    </message>
    <message>
        <source>Creating a demo vault…</source>
        <translation>Demo-Tresor wird angelegt…</translation>
    </message>
    <message>
        <source>Demo vault with made-up patients. Sign in as “{user}” with the password “{password}”.</source>
        <translation>Demo-Tresor mit erfundenen Patienten. Melden Sie sich als „{user}“ mit dem Passwort „{password}“ an.</translation>
    </message>
    <message>
        <source>This is the restored vault.</source>
        <translation>Dies ist der wiederhergestellte Tresor.</translation>
    </message>
    <message>
        <source>Please note</source>
        <translation>Bitte beachten Sie</translation>
    </message>
    <message>
        <source>Locked at {time} after {n} min without use.</source>
        <translation>Um {time} gesperrt, nach {n} Min. ohne Nutzung.</translation>
    </message>
    <message>
        <source>Locked at {time} (Lock or Ctrl+L).</source>
        <translation>Um {time} gesperrt (Sperren oder Strg+L).</translation>
    </message>
    <message>
        <source>Locked at {time} because the screen was locked.</source>
        <translation>Um {time} gesperrt, weil der Bildschirm gesperrt wurde.</translation>
    </message>
    <message>
        <source>Locked at {time} because the computer went to sleep.</source>
        <translation>Um {time} gesperrt, weil der Computer in den Ruhezustand ging.</translation>
    </message>
    <message>
        <source>Locked at {time} when the window was minimised.</source>
        <translation>Um {time} gesperrt, als das Fenster minimiert wurde.</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>This overlaps {n} other appointment(s) of the same practitioner or patient, the first from {start} to {end}.</source>
        <translation>Das überschneidet sich mit {n} anderen Termin(en) derselben behandelnden Person oder desselben Patienten, der erste von {start} bis {end}.</translation>
    </message>
    <message>
        <source>This is outside the practice&apos;s opening hours.</source>
        <translation>Das liegt außerhalb der Öffnungszeiten der Praxis.</translation>
    </message>
    <message>
        <source>Move appointment</source>
        <translation>Termin verschieben</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Verschieben</translation>
    </message>
    <message>
        <source>Book appointment</source>
        <translation>Termin buchen</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>&amp;Buchen</translation>
    </message>
    <message>
        <source>Find the patient</source>
        <translation>Patienten suchen</translation>
    </message>
    <message>
        <source>name, birth date or MRN</source>
        <translation>Name, Geburtsdatum oder Patientennummer</translation>
    </message>
    <message>
        <source>Matching patients</source>
        <translation>Passende Patienten</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Practitioner</source>
        <translation>Behandelnde Person</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Length in minutes</source>
        <translation>Dauer in Minuten</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>Reason for the visit</source>
        <translation>Grund des Besuchs</translation>
    </message>
    <message>
        <source>Where, and with whom</source>
        <translation>Wo und bei wem</translation>
    </message>
    <message>
        <source>Book &amp;anyway (double booking or outside the opening hours)</source>
        <translation>&amp;Trotzdem buchen (Doppelbuchung oder außerhalb der Öffnungszeiten)</translation>
    </message>
    <message>
        <source>Patient:</source>
        <translation>Patient:</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>&amp;Person:</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>&amp;Patient:</translation>
    </message>
    <message>
        <source>P&amp;ractitioner:</source>
        <translation>Be&amp;handelnde Person:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>&amp;Wann:</translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>W&amp;here:</source>
        <translation>W&amp;o:</translation>
    </message>
    <message>
        <source>Choose the patient first: type part of the name and pick them from the list.</source>
        <translation>Wählen Sie zuerst den Patienten: Geben Sie einen Teil des Namens ein und wählen Sie ihn in der Liste.</translation>
    </message>
    <message>
        <source>Choose another time, or tick “Book anyway”.</source>
        <translation>Wählen Sie eine andere Zeit oder kreuzen Sie „Trotzdem buchen“ an.</translation>
    </message>
</context>
<context>
    <name>AppointmentStatus</name>
    <message>
        <source>Booked</source>
        <extracomment>Words for FHIR statuses, translated where shown.</extracomment>
        <translation>Gebucht</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Angekommen</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Behandelt</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Nicht erschienen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgesagt</translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation>Irrtümlich erfasst</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Waiting list</source>
        <translation>Warteliste</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>Previous day or week</source>
        <extracomment>Open this patient where core says this user goes (&quot;chart&quot; or &quot;details&quot;).</extracomment>
        <translation>Vorheriger Tag oder vorherige Woche</translation>
    </message>
    <message>
        <source>Previous day or week (Page Up)</source>
        <translation>Vorheriger Tag oder vorherige Woche (Bild auf)</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Heute</translation>
    </message>
    <message>
        <source>Next day or week</source>
        <translation>Nächster Tag oder nächste Woche</translation>
    </message>
    <message>
        <source>Next day or week (Page Down)</source>
        <translation>Nächster Tag oder nächste Woche (Bild ab)</translation>
    </message>
    <message>
        <source>Day shown</source>
        <translation>Angezeigter Tag</translation>
    </message>
    <message>
        <source>Day or week</source>
        <translation>Tag oder Woche</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <source>Whose book</source>
        <translation>Wessen Terminbuch</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Für:</translation>
    </message>
    <message>
        <source>Opening &amp;hours…</source>
        <translation>Öffnungs&amp;zeiten…</translation>
    </message>
    <message>
        <source>&amp;Book…</source>
        <translation>&amp;Buchen…</translation>
    </message>
    <message>
        <source>Book the selected slot (Enter on a free slot)</source>
        <translation>Den gewählten Zeitraum buchen (Eingabetaste auf einem freien Zeitraum)</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>&amp;Verschieben…</translation>
    </message>
    <message>
        <source>Move the selected appointment (or drag it; Ctrl+arrow keys move it a slot)</source>
        <translation>Den gewählten Termin verschieben (oder ziehen Sie ihn; Strg+Pfeiltasten verschieben ihn um einen Zeitraum)</translation>
    </message>
    <message>
        <source>&amp;Arrived</source>
        <translation>&amp;Angekommen</translation>
    </message>
    <message>
        <source>&amp;No-show</source>
        <translation>&amp;Nicht erschienen</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>Termin ab&amp;sagen</translation>
    </message>
    <message>
        <source>Cancel the selected appointment (Delete)</source>
        <translation>Den gewählten Termin absagen (Entf)</translation>
    </message>
    <message>
        <source>&amp;Open patient</source>
        <translation>&amp;Patient öffnen</translation>
    </message>
    <message>
        <source>&amp;Print day list</source>
        <translation>Tagesliste &amp;drucken</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Als P&amp;DF speichern…</translation>
    </message>
    <message>
        <source>Export as &amp;CSV…</source>
        <translation>Als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Appointment book</source>
        <translation>Terminbuch</translation>
    </message>
    <message>
        <source>Appointments in view</source>
        <translation>Angezeigte Termine</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Termine</translation>
    </message>
    <message>
        <source>Whole practice</source>
        <translation>Ganze Praxis</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>This week: {n} appointments</source>
        <translation>Diese Woche: {n} Termine</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>{when}: {arrived} of {n} arrived</source>
        <translation>{when}: {arrived} von {n} angekommen</translation>
    </message>
    <message>
        <source>{name}&apos;s record is restricted: a clinician or the owner changes this appointment, giving a reason.</source>
        <translation>Die Akte von {name} ist eingeschränkt: Diesen Termin ändert eine Ärztin, ein Arzt oder die Inhaberin bzw. der Inhaber mit Angabe eines Grundes.</translation>
    </message>
    <message>
        <source>Not &amp;arrived</source>
        <translation>Nicht &amp;angekommen</translation>
    </message>
    <message>
        <source>Move appointment</source>
        <translation>Termin verschieben</translation>
    </message>
    <message>
        <source>Move {name} there anyway?</source>
        <translation>{name} trotzdem dorthin verschieben?</translation>
    </message>
    <message>
        <source>Move anyway</source>
        <translation>Trotzdem verschieben</translation>
    </message>
    <message>
        <source>Moved {name} to {time}.</source>
        <translation>{name} auf {time} verschoben.</translation>
    </message>
    <message>
        <source>Cancel appointment</source>
        <translation>Termin absagen</translation>
    </message>
    <message>
        <source>Cancel the appointment of {name} at {time}?</source>
        <translation>Den Termin von {name} am {time} absagen?</translation>
    </message>
    <message>
        <source>Appointments on {day} · {who}</source>
        <translation>Termine am {day} · {who}</translation>
    </message>
    <message>
        <source>Save the day list as PDF</source>
        <translation>Tagesliste als PDF speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Day list saved to {path}. It is not encrypted: keep it safe.</source>
        <translation>Tagesliste unter {path} gespeichert. Sie ist nicht verschlüsselt: Bewahren Sie sie sicher auf.</translation>
    </message>
    <message>
        <source>Export the day list as CSV</source>
        <translation>Tagesliste als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Wrote {n} appointments to {path}. The file is not encrypted: keep it safe.</source>
        <translation>{n} Termine in {path} geschrieben. Die Datei ist nicht verschlüsselt: Bewahren Sie sie sicher auf.</translation>
    </message>
</context>
<context>
    <name>AuditEntryDialog</name>
    <message>
        <source>Audit entry {seq}</source>
        <translation>Protokolleintrag {seq}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Wann (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Yes: flagged for review</source>
        <translation>Ja: zur Prüfung markiert</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Double-click an entry (or press Enter) for its details</source>
        <translation>Doppelklicken Sie auf einen Eintrag (oder drücken Sie die Eingabetaste), um seine Details zu sehen</translation>
    </message>
    <message>
        <source>Selected entry</source>
        <translation>Ausgewählter Eintrag</translation>
    </message>
    <message>
        <source>Select an entry to read it in full here.</source>
        <translation>Wählen Sie einen Eintrag, um ihn hier vollständig zu lesen.</translation>
    </message>
    <message>
        <source>U&amp;nusual access</source>
        <translation>U&amp;ngewöhnliche Zugriffe</translation>
    </message>
    <message>
        <source>Flags of unusual access found by the monitoring rules</source>
        <translation>Von den Überwachungsregeln gefundene Hinweise auf ungewöhnliche Zugriffe</translation>
    </message>
    <message>
        <source>e.g. signin, user., chart</source>
        <translation>z. B. signin, user., chart</translation>
    </message>
    <message>
        <source>Action starts with</source>
        <translation>Aktion beginnt mit</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Von Datum</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Bis Datum</translation>
    </message>
    <message>
        <source>F&amp;lagged only</source>
        <translation>Nur &amp;markierte</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Incident package…</source>
        <translation>Bewe&amp;ispaket zum Vorfall…</translation>
    </message>
    <message>
        <source>An encrypted evidence package with a GDPR Art. 33 worksheet</source>
        <translation>Ein verschlüsseltes Beweispaket mit einem Arbeitsblatt nach Art. 33 DSGVO</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Aktion:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Entries: {n}</source>
        <translation>Einträge: {n}</translation>
    </message>
    <message>
        <source>Showing the entries of one flag ({rule}, {user}). &quot;Show the whole log&quot; goes back.</source>
        <translation>Angezeigt werden die Einträge eines Hinweises ({rule}, {user}). „Ganzes Protokoll anzeigen“ führt zurück.</translation>
    </message>
    <message>
        <source>The flag is marked as reviewed.</source>
        <translation>Der Hinweis ist als geprüft markiert.</translation>
    </message>
    <message>
        <source>The audit chain is intact: none of its entries was edited, removed or reordered (entries checked: {n}).</source>
        <translation>Die Prüfkette ist intakt: Keiner ihrer Einträge wurde bearbeitet, entfernt oder umsortiert (geprüfte Einträge: {n}).</translation>
    </message>
    <message>
        <source>Exported the entries shown (filters applied) to {path} (entries: {n}). Clear the filters to export the whole log, which can be checked against the chain.</source>
        <translation>Die angezeigten Einträge (mit Filter) wurden nach {path} exportiert (Einträge: {n}). Entfernen Sie die Filter, um das ganze Protokoll zu exportieren, das sich gegen die Prüfkette prüfen lässt.</translation>
    </message>
    <message>
        <source>Exported the audit log to {path} (entries: {n}).</source>
        <translation>Das Prüfprotokoll wurde nach {path} exportiert (Einträge: {n}).</translation>
    </message>
    <message>
        <source>Save the incident package</source>
        <translation>Beweispaket speichern</translation>
    </message>
    <message>
        <source>Encrypted package (*.age);;All files (*)</source>
        <translation>Verschlüsseltes Paket (*.age);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Incident package written to {path}: {entries} audit entries, {patients} patients affected ({records} records), {flags} monitoring flags. Notify the supervisory authority by {deadline}.</source>
        <translation>Das Beweispaket wurde in {path} geschrieben: {entries} Protokolleinträge, {patients} betroffene Patienten ({records} Datensätze), {flags} Überwachungshinweise. Melden Sie den Vorfall der Aufsichtsbehörde bis {deadline}.</translation>
    </message>
    <message>
        <source>Writing the incident package…</source>
        <translation>Beweispaket wird geschrieben…</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>Prüfkette wird geprüft…</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Prüfprotokoll exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>Prüfprotokoll wird exportiert…</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Flagged for review</source>
        <translation>Zur Prüfung markiert</translation>
    </message>
    <message>
        <source>Patient id: {id}</source>
        <translation>Patienten-ID: {id}</translation>
    </message>
    <message>
        <source>Target id: {id}</source>
        <translation>Ziel-ID: {id}</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>Backups</source>
        <extracomment>A backup was restored into this folder; the application offers to open it.</extracomment>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>&amp;Change folder…</source>
        <translation>Ordner &amp;ändern…</translation>
    </message>
    <message>
        <source>&amp;Make a backup now</source>
        <translation>&amp;Jetzt sichern</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>&amp;Restore into a new folder…</source>
        <translation>In neuen Ordner &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>A backup is an encrypted copy of the vault, checked by opening it. Keep one on a drive that does not stay next to this computer.</source>
        <translation>Eine Sicherung ist eine verschlüsselte Kopie des Tresors, die durch Öffnen geprüft wird. Bewahren Sie eine auf einem Laufwerk auf, das nicht ständig neben diesem Computer liegt.</translation>
    </message>
    <message>
        <source>Folder: {path}</source>
        <translation>Ordner: {path}</translation>
    </message>
    <message>
        <source>Folder for backups</source>
        <translation>Ordner für Sicherungen</translation>
    </message>
    <message>
        <source>Backup made</source>
        <translation>Sicherung erstellt</translation>
    </message>
    <message>
        <source>The backup was made and verified:
{path}</source>
        <translation>Die Sicherung wurde erstellt und geprüft:
{path}</translation>
    </message>
    <message>
        <source>Making a backup…</source>
        <translation>Sicherung wird erstellt…</translation>
    </message>
    <message>
        <source>Backup verified</source>
        <translation>Sicherung geprüft</translation>
    </message>
    <message>
        <source>The backup opens and every page and audit entry checks out.</source>
        <translation>Die Sicherung lässt sich öffnen, und alle Seiten und Protokolleinträge sind in Ordnung.</translation>
    </message>
    <message>
        <source>Verifying the backup…</source>
        <translation>Sicherung wird geprüft…</translation>
    </message>
    <message>
        <source>Restore into which folder? (a new vault folder is made inside)</source>
        <translation>In welchen Ordner wiederherstellen? (darin wird ein neuer Tresorordner angelegt)</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Sicherung wiederhergestellt</translation>
    </message>
    <message>
        <source>The backup was restored to {path}. Open it now? This vault will be locked.</source>
        <translation>Die Sicherung wurde nach {path} wiederhergestellt. Jetzt öffnen? Dieser Tresor wird dann gesperrt.</translation>
    </message>
    <message>
        <source>Open restored vault</source>
        <translation>Wiederhergestellten Tresor öffnen</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Sicherung wird wiederhergestellt…</translation>
    </message>
</context>
<context>
    <name>BackupsTableModel</name>
    <message>
        <source>Made</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Protokolleinträge</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>BookGridModel</name>
    <message>
        <source>{time}: free</source>
        <extracomment>The practitioner whose book this lane is; None with `everyone` False is the lane of appointments booked with nobody in particular. The whole practice&apos;s day: every practitioner&apos;s appointments, a drop keeps each appointment&apos;s practitioner. A drop asks to move appointment `id` to (`start` as a local datetime, lane).</extracomment>
        <translation>{time}: frei</translation>
    </message>
    <message>
        <source>{start}–{end} {name}: {status}</source>
        <translation>{start}–{end} {name}: {status}</translation>
    </message>
</context>
<context>
    <name>ChangeRoleDialog</name>
    <message>
        <source>Change role: {name}</source>
        <translation>Rolle ändern: {name}</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>Neue Rolle</translation>
    </message>
    <message>
        <source>&amp;Give them access to clinical records now (you hold the key)</source>
        <translation>Zugriff auf klinische Daten jetzt &amp;gewähren (Sie besitzen den Schlüssel)</translation>
    </message>
    <message>
        <source>Current role:</source>
        <translation>Aktuelle Rolle:</translation>
    </message>
    <message>
        <source>&amp;New role:</source>
        <translation>&amp;Neue Rolle:</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <source>They lose the key to the clinical records now. Afterwards you are offered to rotate it, in case they kept a copy.</source>
        <translation>Die Person verliert jetzt den Schlüssel zu den klinischen Daten. Anschließend wird Ihnen angeboten, ihn zu erneuern, falls sie eine Kopie behalten hat.</translation>
    </message>
    <message>
        <source>Their access to clinical records waits for approval by someone who holds the key, as for a new account.</source>
        <translation>Der Zugriff auf klinische Daten wartet, wie bei einem neuen Konto, auf die Genehmigung durch jemanden, der den Schlüssel besitzt.</translation>
    </message>
    <message>
        <source>Their keys stay as they are.</source>
        <translation>Die Schlüssel der Person bleiben unverändert.</translation>
    </message>
</context>
<context>
    <name>ClipboardNotice</name>
    <message>
        <source>Clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <source>Clear &amp;now</source>
        <translation>Jetzt &amp;leeren</translation>
    </message>
    <message>
        <source>Clear the clipboard now</source>
        <translation>Zwischenablage jetzt leeren</translation>
    </message>
    <message>
        <source>Copied. The clipboard is cleared in {n} s (hidden from clipboard history).</source>
        <translation>Kopiert. Die Zwischenablage wird in {n} s geleert (nicht im Zwischenablageverlauf).</translation>
    </message>
</context>
<context>
    <name>ContactCardDialog</name>
    <message>
        <source>Contact card</source>
        <translation>Kontaktkarte</translation>
    </message>
    <message>
        <source>{0} was added to your contacts.</source>
        <translation>{0} wurde zu Ihren Kontakten hinzugefügt.</translation>
    </message>
    <message>
        <source>Read this fingerprint to the contact by phone or in person. Only if theirs is the same, confirm it; until then their key stays unverified.</source>
        <translation>Lesen Sie diesen Fingerabdruck dem Kontakt am Telefon oder persönlich vor. Bestätigen Sie ihn nur, wenn der des Kontakts übereinstimmt; bis dahin bleibt der Schlüssel unbestätigt.</translation>
    </message>
    <message>
        <source>The fingerprints match</source>
        <translation>Die Fingerabdrücke stimmen überein</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Find a contact</source>
        <translation>Kontakt suchen</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>&amp;Import contact card…</source>
        <translation>Kontaktkarte &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Verify key…</source>
        <translation>Schlüssel &amp;bestätigen…</translation>
    </message>
    <message>
        <source>Save &amp;my contact card…</source>
        <translation>&amp;Meine Kontaktkarte speichern…</translation>
    </message>
    <message>
        <source>Records are shared with a contact&apos;s key. Import the contact card they send you, then verify the key by reading its fingerprint together by phone: until then, sharing with them needs an explicit confirmation.</source>
        <translation>Akten werden mit dem Schlüssel eines Kontakts geteilt. Importieren Sie die Kontaktkarte, die er Ihnen sendet, und bestätigen Sie dann den Schlüssel, indem Sie den Fingerabdruck gemeinsam am Telefon vorlesen: Bis dahin muss das Teilen mit ihm ausdrücklich bestätigt werden.</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>kein Schlüssel</translation>
    </message>
    <message>
        <source>verified {0}</source>
        <translation>bestätigt am {0}</translation>
    </message>
    <message>
        <source>NOT verified</source>
        <translation>NICHT bestätigt</translation>
    </message>
    <message>
        <source>Import contact card</source>
        <translation>Kontaktkarte importieren</translation>
    </message>
    <message>
        <source>{0} is already among your contacts with this key.</source>
        <translation>{0} ist mit diesem Schlüssel bereits unter Ihren Kontakten.</translation>
    </message>
    <message>
        <source>Save my contact card</source>
        <translation>Meine Kontaktkarte speichern</translation>
    </message>
    <message>
        <source>Your card was saved to {0}. It holds only public keys: send it to your contacts, then read them your fingerprint by phone:
{1}</source>
        <translation>Ihre Karte wurde unter {0} gespeichert. Sie enthält nur öffentliche Schlüssel: Senden Sie sie Ihren Kontakten und lesen Sie ihnen dann am Telefon Ihren Fingerabdruck vor:
{1}</translation>
    </message>
</context>
<context>
    <name>ContentsPage</name>
    <message>
        <source>What goes in?</source>
        <translation>Was soll hinein?</translation>
    </message>
    <message>
        <source>The person&apos;s name and birth date always go along, so the recipient can file it.</source>
        <translation>Name und Geburtsdatum der Person gehen immer mit, damit der Empfänger das Paket zuordnen kann.</translation>
    </message>
    <message>
        <source>Only entries recorded or changed &amp;since</source>
        <translation>Nur Einträge, erfasst oder geändert &amp;seit</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>The user name or password is not correct.</source>
        <translation>Benutzername oder Passwort ist nicht korrekt.</translation>
    </message>
    <message>
        <source>That recovery key does not open this vault.</source>
        <translation>Dieser Wiederherstellungsschlüssel öffnet diesen Tresor nicht.</translation>
    </message>
    <message>
        <source>Unlock with your password.</source>
        <translation>Entsperren Sie mit Ihrem Passwort.</translation>
    </message>
    <message>
        <source>Enter the 6-digit code from your authenticator app.</source>
        <translation>Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.</translation>
    </message>
    <message>
        <source>That authenticator code is not correct, or was already used. Wait for the next code.</source>
        <translation>Dieser Authenticator-Code ist nicht korrekt oder wurde schon verwendet. Warten Sie auf den nächsten Code.</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts. Wait {seconds} seconds and try again.</source>
        <translation>Zu viele fehlgeschlagene Anmeldeversuche. Warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>This account holds no key to the vault yet. Ask the owner or an admin to check its access.</source>
        <translation>Dieses Konto hat noch keinen Schlüssel zum Tresor. Bitten Sie den Inhaber oder einen Administrator, den Zugang zu prüfen.</translation>
    </message>
    <message>
        <source>Your temporary password expired on {date} without being changed. Ask the vault owner or an admin to reset it (medvault user reset-password), then sign in and choose your own password.</source>
        <translation>Ihr vorläufiges Passwort ist am {date} abgelaufen, ohne geändert worden zu sein. Bitten Sie den Inhaber des Tresors oder einen Administrator, es zurückzusetzen (medvault user reset-password); melden Sie sich dann an und wählen Sie Ihr eigenes Passwort.</translation>
    </message>
    <message>
        <source>Someone is signed in to this vault in another MedVault ({holder}). Sign out or lock there first (auto-lock does it too); only one signed-in program may change a vault at a time.</source>
        <translation>In einem anderen MedVault ist jemand bei diesem Tresor angemeldet ({holder}). Melden Sie sich dort zuerst ab oder sperren Sie ihn (die automatische Sperre tut das auch); nur ein angemeldetes Programm darf einen Tresor gleichzeitig ändern.</translation>
    </message>
    <message>
        <source>Someone is signed in to this vault in another MedVault ({holder}). MedVault waited {seconds} s for it to sign out or lock. Sign out or lock there first (auto-lock does it too); only one signed-in program may change a vault at a time.</source>
        <translation>In einem anderen MedVault ist jemand bei diesem Tresor angemeldet ({holder}). MedVault hat {seconds} s gewartet, dass dort abgemeldet oder gesperrt wird. Melden Sie sich dort zuerst ab oder sperren Sie ihn (die automatische Sperre tut das auch); nur ein angemeldetes Programm darf einen Tresor gleichzeitig ändern.</translation>
    </message>
    <message>
        <source>This password cannot be used. {problems}</source>
        <translation>Dieses Passwort kann nicht verwendet werden. {problems}</translation>
    </message>
    <message>
        <source>Use at least {count} characters.</source>
        <translation>Verwenden Sie mindestens {count} Zeichen.</translation>
    </message>
    <message>
        <source>This is one of the most common passwords. Choose something else.</source>
        <translation>Dies ist eines der häufigsten Passwörter. Wählen Sie etwas anderes.</translation>
    </message>
    <message>
        <source>Avoid repeating the same few characters. Choose something else.</source>
        <translation>Wiederholen Sie nicht dieselben wenigen Zeichen. Wählen Sie etwas anderes.</translation>
    </message>
    <message>
        <source>Do not build the password from your user name or the vault name.</source>
        <translation>Bilden Sie das Passwort nicht aus Ihrem Benutzernamen oder dem Namen des Tresors.</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>clinician</source>
        <translation>Behandelnde Person</translation>
    </message>
    <message>
        <source>reception</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>Prüfende Person</translation>
    </message>
    <message>
        <source>emergency</source>
        <translation>Notfallkonto</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>Sicherungsdienst</translation>
    </message>
    <message>
        <source>clinical</source>
        <translation>klinische Akten</translation>
    </message>
    <message>
        <source>registry</source>
        <translation>Stammdaten</translation>
    </message>
    <message>
        <source>patient&apos;s record</source>
        <translation>Patientenakte</translation>
    </message>
    <message>
        <source>note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Your role ({role}) does not allow this ({operation}). Ask the vault owner if you need it.</source>
        <translation>Ihre Rolle ({role}) erlaubt das nicht ({operation}). Fragen Sie den Inhaber des Tresors, wenn Sie es brauchen.</translation>
    </message>
    <message>
        <source>The emergency account must be activated with a reason before use.</source>
        <translation>Das Notfallkonto muss vor der Nutzung mit einer Begründung aktiviert werden.</translation>
    </message>
    <message>
        <source>Only the emergency account is activated this way. To open a restricted record, give a reason when opening it.</source>
        <translation>Nur das Notfallkonto wird so aktiviert. Um eine gesperrte Akte zu öffnen, geben Sie beim Öffnen eine Begründung an.</translation>
    </message>
    <message>
        <source>Your account holds no key to clinical records. If your role should have it, ask a clinical key holder to approve your grant (medvault grant approve).</source>
        <translation>Ihr Konto besitzt keinen Schlüssel zu klinischen Akten. Wenn Ihre Rolle ihn haben sollte, bitten Sie jemanden mit dem klinischen Schlüssel, Ihre Freigabe zu bestätigen (medvault grant approve).</translation>
    </message>
    <message>
        <source>This {what} is restricted. To open it, give a reason (break-glass): the access is time-limited, flagged and reviewed by the vault owner.</source>
        <translation>Dieser Eintrag ({what}) ist gesperrt. Um ihn zu öffnen, geben Sie eine Begründung an (Notfallzugriff): Der Zugriff ist befristet, wird markiert und vom Inhaber des Tresors geprüft.</translation>
    </message>
    <message>
        <source>The owner account cannot be disabled.</source>
        <translation>Das Konto des Inhabers kann nicht deaktiviert werden.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>Sie können Ihr eigenes Konto nicht deaktivieren.</translation>
    </message>
    <message>
        <source>The owner cannot be given another role: a vault keeps its one owner, who holds the recovery key.</source>
        <translation>Der Inhaber kann keine andere Rolle erhalten: Ein Tresor behält seinen einen Inhaber, der den Wiederherstellungsschlüssel besitzt.</translation>
    </message>
    <message>
        <source>Nobody changes their own role. Ask the vault owner.</source>
        <translation>Niemand ändert seine eigene Rolle. Fragen Sie den Inhaber des Tresors.</translation>
    </message>
    <message>
        <source>A vault has exactly one owner; choose another role.</source>
        <translation>Ein Tresor hat genau einen Inhaber; wählen Sie eine andere Rolle.</translation>
    </message>
    <message>
        <source>A {actor} cannot move an account from {old} to {new}: only a role above both may. Ask the vault owner.</source>
        <translation>Die Rolle {actor} kann ein Konto nicht von {old} zu {new} verschieben: Das darf nur eine Rolle über beiden. Fragen Sie den Inhaber des Tresors.</translation>
    </message>
    <message>
        <source>The owner&apos;s password is reset with the recovery key (medvault recover), not by another user.</source>
        <translation>Das Passwort des Inhabers wird mit dem Wiederherstellungsschlüssel zurückgesetzt (medvault recover), nicht von einer anderen Person.</translation>
    </message>
    <message>
        <source>A {actor} cannot reset the password of a {role} account: only a role above it may. Ask the vault owner.</source>
        <translation>Die Rolle {actor} kann das Passwort eines Kontos der Rolle {role} nicht zurücksetzen: Das darf nur eine Rolle darüber. Fragen Sie den Inhaber des Tresors.</translation>
    </message>
    <message>
        <source>You do not hold the {compartment} key, so you cannot grant it.</source>
        <translation>Sie besitzen den Schlüssel für {compartment} nicht und können ihn deshalb nicht freigeben.</translation>
    </message>
    <message>
        <source>A user name must be valid text; this one has bytes that are not UTF-8.</source>
        <translation>Ein Benutzername muss gültiger Text sein; dieser enthält Bytes, die kein UTF-8 sind.</translation>
    </message>
    <message>
        <source>A user name is 1 to {limit} characters.</source>
        <translation>Ein Benutzername hat 1 bis {limit} Zeichen.</translation>
    </message>
    <message>
        <source>A user name may not contain control, invisible or direction-changing characters (found U+{char} at position {position}).</source>
        <translation>Ein Benutzername darf keine Steuer-, unsichtbaren oder richtungsändernden Zeichen enthalten (U+{char} an Position {position} gefunden).</translation>
    </message>
    <message>
        <source>A user name may not contain slashes.</source>
        <translation>Ein Benutzername darf keine Schrägstriche enthalten.</translation>
    </message>
    <message>
        <source>A user name may not start with or stack accent marks.</source>
        <translation>Ein Benutzername darf nicht mit Akzentzeichen beginnen oder sie stapeln.</translation>
    </message>
    <message>
        <source>There is already a user called {name!r}. Pick another name.</source>
        <translation>Es gibt bereits eine Person namens {name!r}. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The name {name!r} looks too much like the existing user {clash!r}; someone reading the audit log could mistake one for the other. Pick a clearly different name.</source>
        <translation>Der Name {name!r} sieht dem bestehenden Benutzer {clash!r} zu ähnlich; wer das Prüfprotokoll liest, könnte die beiden verwechseln. Wählen Sie einen deutlich anderen Namen.</translation>
    </message>
    <message>
        <source>This note is another person&apos;s unsigned draft; only its author sees it until it is signed.</source>
        <translation>Diese Notiz ist der nicht signierte Entwurf einer anderen Person; bis zur Signatur sieht ihn nur die verfassende Person.</translation>
    </message>
    <message>
        <source>Only the author of a draft can change or sign it.</source>
        <translation>Nur die verfassende Person kann einen Entwurf ändern oder signieren.</translation>
    </message>
    <message>
        <source>This note is signed and never changes. Write an amendment.</source>
        <translation>Diese Notiz ist signiert und ändert sich nie mehr. Schreiben Sie einen Nachtrag.</translation>
    </message>
    <message>
        <source>An empty note cannot be signed.</source>
        <translation>Eine leere Notiz kann nicht signiert werden.</translation>
    </message>
    <message>
        <source>A draft is edited directly; only signed notes are amended.</source>
        <translation>Ein Entwurf wird direkt bearbeitet; nur signierte Notizen erhalten Nachträge.</translation>
    </message>
    <message>
        <source>An empty amendment cannot be signed.</source>
        <translation>Ein leerer Nachtrag kann nicht signiert werden.</translation>
    </message>
    <message>
        <source>This note is longer than a million characters; split it or attach it as a document.</source>
        <translation>Diese Notiz ist länger als eine Million Zeichen; teilen Sie sie auf oder hängen Sie sie als Dokument an.</translation>
    </message>
    <message>
        <source>A patient needs a family name or a given name.</source>
        <translation>Ein Patient braucht einen Nachnamen oder einen Vornamen.</translation>
    </message>
    <message>
        <source>This may be a patient already in the vault: {names}. Open the existing record, or confirm that this is a different person.</source>
        <translation>Diese Person ist vielleicht schon im Tresor: {names}. Öffnen Sie die vorhandene Akte oder bestätigen Sie, dass es eine andere Person ist.</translation>
    </message>
    <message>
        <source>{name}, born {born}</source>
        <translation>{name}, geboren {born}</translation>
    </message>
    <message>
        <source>{first}; {rest}</source>
        <translation>{first}; {rest}</translation>
    </message>
    <message>
        <source>{email!r} is not an email address.</source>
        <translation>{email!r} ist keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Another patient already has the MRN {mrn}.</source>
        <translation>Ein anderer Patient hat bereits die Pat.-Nr. {mrn}.</translation>
    </message>
    <message>
        <source>An appointment must end after it starts.</source>
        <translation>Ein Termin muss nach seinem Beginn enden.</translation>
    </message>
    <message>
        <source>Keep the reason for the visit under 500 characters.</source>
        <translation>Halten Sie den Besuchsgrund unter 500 Zeichen.</translation>
    </message>
    <message>
        <source>This appointment is {status}; book a new one instead.</source>
        <translation>Dieser Termin hat den Status {status}; vergeben Sie stattdessen einen neuen.</translation>
    </message>
    <message>
        <source>This overlaps {count} other appointment(s), the first from {start} to {end} UTC on {day}. Choose another time, or book it as a double booking.</source>
        <translation>Das überschneidet sich mit {count} anderen Termin(en), der erste von {start} bis {end} UTC am {day}. Wählen Sie eine andere Zeit oder vergeben Sie ihn als Doppelbuchung.</translation>
    </message>
    <message>
        <source>Say which sections the consent covers.</source>
        <translation>Geben Sie an, welche Bereiche die Einwilligung umfasst.</translation>
    </message>
    <message>
        <source>A consent must end after it starts.</source>
        <translation>Eine Einwilligung muss nach ihrem Beginn enden.</translation>
    </message>
    <message>
        <source>This consent was already withdrawn at {when}.</source>
        <translation>Diese Einwilligung wurde bereits am {when} widerrufen.</translation>
    </message>
    <message>
        <source>This file is {size} MiB; documents are limited to {limit} MiB.</source>
        <translation>Diese Datei hat {size} MiB; Dokumente sind auf {limit} MiB begrenzt.</translation>
    </message>
    <message>
        <source>Only PDF, PNG and JPEG files can be stored, and this file&apos;s content is none of them (whatever its name says).</source>
        <translation>Nur PDF-, PNG- und JPEG-Dateien können gespeichert werden, und der Inhalt dieser Datei ist keins davon (was immer ihr Name sagt).</translation>
    </message>
    <message>
        <source>The file was described as {described}, but its content is {sniffed}. Check that it is the file you meant.</source>
        <translation>Die Datei wurde als {described} beschrieben, ihr Inhalt ist aber {sniffed}. Prüfen Sie, ob es die gemeinte Datei ist.</translation>
    </message>
    <message>
        <source>Give the document a title.</source>
        <translation>Geben Sie dem Dokument einen Titel.</translation>
    </message>
    <message>
        <source>A contact needs a name (up to 200 characters).</source>
        <translation>Ein Kontakt braucht einen Namen (bis zu 200 Zeichen).</translation>
    </message>
    <message>
        <source>That is not an age public key (it starts with age1).</source>
        <translation>Das ist kein öffentlicher age-Schlüssel (er beginnt mit age1).</translation>
    </message>
    <message>
        <source>This contact has no public key to verify.</source>
        <translation>Dieser Kontakt hat keinen öffentlichen Schlüssel, der geprüft werden könnte.</translation>
    </message>
    <message>
        <source>The fingerprints differ. Do not use this key; ask the contact to send it again by another channel.</source>
        <translation>Die Fingerabdrücke unterscheiden sich. Verwenden Sie diesen Schlüssel nicht; bitten Sie den Kontakt, ihn auf einem anderen Weg erneut zu senden.</translation>
    </message>
    <message>
        <source>A reference range bound must be a number.</source>
        <translation>Eine Grenze des Referenzbereichs muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>The lower reference limit must be below the upper one.</source>
        <translation>Die untere Referenzgrenze muss unter der oberen liegen.</translation>
    </message>
    <message>
        <source>Nobody may review their own emergency access: ask another holder of the clinical key ({others}) to review it.</source>
        <translation>Niemand darf den eigenen Notfallzugriff prüfen: Bitten Sie eine andere Person mit dem klinischen Schlüssel ({others}), ihn zu prüfen.</translation>
    </message>
    <message>
        <source>Reviewing emergency access needs the clinical key: what was opened is clinical. Ask a holder of the clinical key to review it.</source>
        <translation>Die Prüfung eines Notfallzugriffs braucht den klinischen Schlüssel: Was geöffnet wurde, ist klinisch. Bitten Sie eine Person mit dem klinischen Schlüssel, ihn zu prüfen.</translation>
    </message>
    <message>
        <source>Nobody may review a flag about their own access: ask {others} to review it.</source>
        <translation>Niemand darf eine Markierung zum eigenen Zugriff prüfen: Bitten Sie {others}, sie zu prüfen.</translation>
    </message>
    <message>
        <source>Your password was reset by {who} ({role}) at {at}. If you did not ask for this, tell the vault owner now: someone may have signed in as you.</source>
        <translation>Ihr Passwort wurde von {who} ({role}) zurückgesetzt (Zeitpunkt: {at}). Wenn Sie das nicht veranlasst haben, sagen Sie es sofort dem Inhaber des Tresors: Jemand könnte sich als Sie angemeldet haben.</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemandem</translation>
    </message>
    <message>
        <source>unknown role</source>
        <translation>unbekannte Rolle</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>The emergency account was activated at {at}. Until you {steps}, it cannot be used again.</source>
        <translation>Das Notfallkonto wurde am {at} aktiviert. Es kann erst wieder benutzt werden, wenn Sie Folgendes erledigt haben: {steps}.</translation>
    </message>
    <message>
        <source>rotate the clinical key (medvault keys rotate --compartment clinical)</source>
        <translation>den klinischen Schlüssel erneuern (medvault keys rotate --compartment clinical)</translation>
    </message>
    <message>
        <source>set a new emergency password (medvault user reset --name NAME), print it and seal it in the safe</source>
        <translation>ein neues Notfallpasswort festlegen (medvault user reset --name NAME), es ausdrucken und versiegelt im Safe verwahren</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} und {second}</translation>
    </message>
    <message>
        <source>The emergency account was last activated at {at}, and its secrets count as spent. The owner must first {steps}.</source>
        <translation>Das Notfallkonto wurde zuletzt am {at} aktiviert; seine Geheimnisse gelten als verbraucht. Der Inhaber muss zuerst Folgendes erledigen: {steps}.</translation>
    </message>
    <message>
        <source>{count} failed sign-in(s) wait to be written into the audit log at the next sign-in where the vault can be written.</source>
        <translation>{count} fehlgeschlagene Anmeldung(en) warten darauf, bei der nächsten Anmeldung an einem beschreibbaren Ort ins Prüfprotokoll geschrieben zu werden.</translation>
    </message>
    <message>
        <source>{count} security change(s) still owe their audit entries; they are written at the next sign-in where the vault can be written.</source>
        <translation>Für {count} Sicherheitsänderung(en) fehlen noch die Einträge im Prüfprotokoll; sie werden bei der nächsten Anmeldung an einem beschreibbaren Ort geschrieben.</translation>
    </message>
    <message>
        <source>vault.json names a different signing key for your account than your key slot holds: someone may have replaced it. Open the vault where it can be written to put yours back (and have that recorded).</source>
        <translation>vault.json nennt für Ihr Konto einen anderen Signaturschlüssel, als Ihr Schlüsselplatz enthält: Jemand könnte ihn ersetzt haben. Öffnen Sie den Tresor an einem beschreibbaren Ort, um Ihren zurückzusetzen (und das protokollieren zu lassen).</translation>
    </message>
    <message>
        <source>The {role} role never receives the {compartment} key. This grant names a user whose role was changed outside MedVault; the refusal is flagged for the owner. Check the vault (medvault verify) and the audit log.</source>
        <translation>Die Rolle {role} erhält nie den Schlüssel für {compartment}. Diese Freigabe nennt eine Person, deren Rolle außerhalb von MedVault geändert wurde; die Ablehnung ist für den Inhaber markiert. Prüfen Sie den Tresor (medvault verify) und das Prüfprotokoll.</translation>
    </message>
    <message>
        <source>This account has no recovery slot to replace. Check the vault with `medvault verify`; the refusal is flagged for review.</source>
        <translation>Dieses Konto hat keinen Wiederherstellungsplatz, der ersetzt werden könnte. Prüfen Sie den Tresor mit `medvault verify`; die Ablehnung ist zur Prüfung markiert.</translation>
    </message>
    <message>
        <source>You do not hold the {compartment} key, so you cannot rotate it.</source>
        <translation>Sie besitzen den Schlüssel für {compartment} nicht und können ihn deshalb nicht erneuern.</translation>
    </message>
    <message>
        <source>A personal vault has a single owner. Family members are added as patients, not as users.</source>
        <translation>Ein persönlicher Tresor hat genau einen Inhaber. Familienangehörige werden als Patienten angelegt, nicht als Benutzer.</translation>
    </message>
    <message>
        <source>The {role} role cannot be given; a vault has one owner.</source>
        <translation>Die Rolle {role} kann nicht vergeben werden; ein Tresor hat einen Inhaber.</translation>
    </message>
    <message>
        <source>The emergency account is a break-glass account of its own: add or disable one instead of changing a role to or from it.</source>
        <translation>Das Notfallkonto ist ein eigenes Konto für den Ernstfall: Legen Sie eines an oder deaktivieren Sie es, statt eine Rolle in diese oder aus dieser Rolle zu ändern.</translation>
    </message>
    <message>
        <source>The backup account is a scheduled job&apos;s account of its own: add or disable one instead of changing a role to or from it.</source>
        <translation>Das Sicherungskonto ist das eigene Konto eines geplanten Auftrags: Legen Sie eines an oder deaktivieren Sie es, statt eine Rolle in diese oder aus dieser Rolle zu ändern.</translation>
    </message>
    <message>
        <source>{name} is disabled.</source>
        <translation>{name} ist deaktiviert.</translation>
    </message>
    <message>
        <source>{name} already has the {role} role.</source>
        <translation>{name} hat bereits die Rolle {role}.</translation>
    </message>
    <message>
        <source>Laboratory units are si (mmol/L) or conventional (mg/dL).</source>
        <translation>Laboreinheiten sind si (mmol/L) oder conventional (mg/dL).</translation>
    </message>
    <message>
        <source>The idle lock needs at least one minute.</source>
        <translation>Die Sperre bei Inaktivität braucht mindestens eine Minute.</translation>
    </message>
    <message>
        <source>The idle lock can be at most {limit} minutes here; choose {limit} or fewer. Nothing was changed.</source>
        <translation>Die Sperre bei Inaktivität darf hier höchstens {limit} Minuten betragen; wählen Sie {limit} oder weniger. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The clipboard can be cleared after {least} to {most} seconds here. Nothing was changed.</source>
        <translation>Die Zwischenablage kann hier nach {least} bis {most} Sekunden geleert werden. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Say why the entry was entered in error (a few words, e.g. &quot;wrong patient&quot;); it stays with the entry.</source>
        <translation>Geben Sie an, warum der Eintrag irrtümlich erfasst wurde (ein paar Worte, z. B. „falscher Patient“); die Begründung bleibt beim Eintrag.</translation>
    </message>
    <message>
        <source>Keep the reason under {limit} characters.</source>
        <translation>Die Begründung muss kürzer als {limit} Zeichen sein.</translation>
    </message>
    <message>
        <source>This entry was already marked entered in error at {when}.</source>
        <translation>Dieser Eintrag wurde bereits am {when} als irrtümlich erfasst markiert.</translation>
    </message>
    <message>
        <source>A draft is not part of the record yet: discard it instead.</source>
        <translation>Ein Entwurf gehört noch nicht zur Akte: Verwerfen Sie ihn stattdessen.</translation>
    </message>
    <message>
        <source>This patient has a current allergy recorded ({allergy}); mark it resolved or entered in error first.</source>
        <translation>Für diesen Patienten ist eine aktuelle Allergie erfasst ({allergy}); markieren Sie sie zuerst als abgeklungen oder irrtümlich erfasst.</translation>
    </message>
    <message>
        <source>This patient has a current medication recorded ({medication}); stop it first.</source>
        <translation>Für diesen Patienten ist eine aktuelle Medikation erfasst ({medication}); setzen Sie sie zuerst ab.</translation>
    </message>
    <message>
        <source>An observation needs a value (a number, or text for a non-numeric result).</source>
        <translation>Ein Messwert braucht einen Wert (eine Zahl oder, bei einem nicht numerischen Ergebnis, einen Text).</translation>
    </message>
    <message>
        <source>A blood pressure needs both systolic and diastolic values.</source>
        <translation>Ein Blutdruck braucht einen systolischen und einen diastolischen Wert.</translation>
    </message>
    <message>
        <source>{loinc} is not a LOINC code: write it as digits, a hyphen and a check digit, e.g. 2345-7.</source>
        <translation>{loinc} ist kein LOINC-Code: Schreiben Sie Ziffern, einen Bindestrich und eine Prüfziffer, z. B. 2345-7.</translation>
    </message>
    <message>
        <source>The LOINC code {loinc} has a wrong check digit (it would be {expected}); check it was copied right.</source>
        <translation>Der LOINC-Code {loinc} hat eine falsche Prüfziffer (richtig wäre {expected}); prüfen Sie, ob er richtig abgeschrieben wurde.</translation>
    </message>
    <message>
        <source>{unit} is not a UCUM unit (e.g. mg/dL, mmol/L, 10*3/uL, [IU]/L); no spaces, at most 30 characters.</source>
        <translation>{unit} ist keine UCUM-Einheit (z. B. mg/dL, mmol/L, 10*3/uL, [IU]/L); ohne Leerzeichen, höchstens 30 Zeichen.</translation>
    </message>
    <message>
        <source>{text} is not a date; write it as YYYY-MM-DD or DD.MM.YYYY.</source>
        <translation>{text} ist kein Datum; schreiben Sie es als JJJJ-MM-TT oder TT.MM.JJJJ.</translation>
    </message>
    <message>
        <source>A birth date cannot be in the future.</source>
        <translation>Ein Geburtsdatum kann nicht in der Zukunft liegen.</translation>
    </message>
    <message>
        <source>The package is larger than {mib} MiB; MedVault will not open it.</source>
        <translation>Das Paket ist größer als {mib} MiB; MedVault öffnet es nicht.</translation>
    </message>
    <message>
        <source>The package unpacks to more than {mib} MiB.</source>
        <translation>Das Paket wird entpackt größer als {mib} MiB.</translation>
    </message>
    <message>
        <source>The package has no manifest or no signature; it is not a MedVault sharing package.</source>
        <translation>Das Paket hat kein Manifest oder keine Signatur; es ist kein Freigabepaket von MedVault.</translation>
    </message>
    <message>
        <source>The package&apos;s manifest is unreadable: {problem}.</source>
        <translation>Das Manifest des Pakets ist nicht lesbar: {problem}.</translation>
    </message>
    <message>
        <source>The package&apos;s signature does not match its manifest: it was changed after the sender signed it. Nothing was imported.</source>
        <translation>Die Signatur des Pakets passt nicht zu seinem Manifest: Es wurde verändert, nachdem der Absender es signiert hat. Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The package is missing files its manifest lists: {files}.</source>
        <translation>Im Paket fehlen Dateien, die sein Manifest aufführt: {files}.</translation>
    </message>
    <message>
        <source>The package holds files its manifest does not list: {files}.</source>
        <translation>Das Paket enthält Dateien, die sein Manifest nicht aufführt: {files}.</translation>
    </message>
    <message>
        <source>The file {name} in the package does not match its manifest: it was changed after signing.</source>
        <translation>Die Datei {name} im Paket passt nicht zu seinem Manifest: Sie wurde nach dem Signieren verändert.</translation>
    </message>
    <message>
        <source>The package was re-encrypted after it was signed (its passphrase is not the one the sender used). Refused.</source>
        <translation>Das Paket wurde nach dem Signieren neu verschlüsselt (seine Passphrase ist nicht die des Absenders). Abgelehnt.</translation>
    </message>
    <message>
        <source>The package was re-encrypted to someone it was not signed for: your key is not among the recipients its sender named. Refused.</source>
        <translation>Das Paket wurde für jemanden neu verschlüsselt, für den es nicht signiert wurde: Ihr Schlüssel ist nicht unter den Empfängern, die sein Absender genannt hat. Abgelehnt.</translation>
    </message>
    <message>
        <source>The package expired on {when}. Ask the sender for a new one, or open it anyway with an override (the override is audited).</source>
        <translation>Das Paket ist am {when} abgelaufen. Bitten Sie den Absender um ein neues, oder öffnen Sie es trotzdem mit einer Ausnahme (die Ausnahme wird protokolliert).</translation>
    </message>
    <message>
        <source>The package&apos;s FHIR Bundle is unreadable.</source>
        <translation>Das FHIR-Bundle des Pakets ist nicht lesbar.</translation>
    </message>
    <message>
        <source>This file is encrypted to public keys, not to a passphrase.</source>
        <translation>Diese Datei ist für öffentliche Schlüssel verschlüsselt, nicht mit einer Passphrase.</translation>
    </message>
    <message>
        <source>The passphrase is wrong (or the file is damaged).</source>
        <translation>Die Passphrase ist falsch (oder die Datei ist beschädigt).</translation>
    </message>
    <message>
        <source>This file is encrypted to a passphrase; give the passphrase.</source>
        <translation>Diese Datei ist mit einer Passphrase verschlüsselt; geben Sie die Passphrase ein.</translation>
    </message>
    <message>
        <source>This file is not encrypted to your key: it was meant for someone else (or it is damaged).</source>
        <translation>Diese Datei ist nicht für Ihren Schlüssel verschlüsselt: Sie ist für jemand anderen bestimmt (oder beschädigt).</translation>
    </message>
    <message>
        <source>The encrypted file&apos;s header was changed (its MAC does not match); it is damaged or tampered with.</source>
        <translation>Der Kopf der verschlüsselten Datei wurde verändert (sein MAC passt nicht); sie ist beschädigt oder manipuliert.</translation>
    </message>
    <message>
        <source>The encrypted file is cut short.</source>
        <translation>Die verschlüsselte Datei ist unvollständig.</translation>
    </message>
    <message>
        <source>The encrypted file is damaged, cut short or tampered with (a chunk failed authentication).</source>
        <translation>Die verschlüsselte Datei ist beschädigt, unvollständig oder manipuliert (ein Abschnitt hat die Authentifizierung nicht bestanden).</translation>
    </message>
    <message>
        <source>The encrypted file ends with an empty chunk (not allowed by the age format).</source>
        <translation>Die verschlüsselte Datei endet mit einem leeren Abschnitt (im age-Format nicht erlaubt).</translation>
    </message>
    <message>
        <source>This is not an age-encrypted file (it does not start with &apos;age-encryption.org/v1&apos;).</source>
        <translation>Dies ist keine mit age verschlüsselte Datei (sie beginnt nicht mit „age-encryption.org/v1“).</translation>
    </message>
    <message>
        <source>The encrypted file is cut short: its payload is missing.</source>
        <translation>Die verschlüsselte Datei ist unvollständig: Ihr Inhalt fehlt.</translation>
    </message>
    <message>
        <source>{folder} already exists and is not empty. Choose a new folder.</source>
        <translation>{folder} existiert bereits und ist nicht leer. Wählen Sie einen neuen Ordner.</translation>
    </message>
    <message>
        <source>{folder} already exists and is not empty (another vault was just created there). Choose a new folder.</source>
        <translation>{folder} existiert bereits und ist nicht leer (dort wurde gerade ein anderer Tresor angelegt). Wählen Sie einen neuen Ordner.</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>Der Ordner {folder} existiert nicht.</translation>
    </message>
    <message>
        <source>{path} already exists; choose a new file name so no earlier package is overwritten.</source>
        <translation>{path} existiert bereits; wählen Sie einen neuen Dateinamen, damit kein früheres Paket überschrieben wird.</translation>
    </message>
    <message>
        <source>{path} already exists; choose a new file name so no earlier export is overwritten.</source>
        <translation>{path} existiert bereits; wählen Sie einen neuen Dateinamen, damit kein früherer Export überschrieben wird.</translation>
    </message>
    <message>
        <source>The disk holding {folder} is full. No package was written and the vault is unharmed; free some space and try again.</source>
        <translation>Der Datenträger mit {folder} ist voll. Es wurde kein Paket geschrieben, der Tresor ist unversehrt; schaffen Sie Platz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The disk holding {folder} is full. Nothing was written and the vault is unharmed; free some space and export again.</source>
        <translation>Der Datenträger mit {folder} ist voll. Es wurde nichts geschrieben, der Tresor ist unversehrt; schaffen Sie Platz und exportieren Sie erneut.</translation>
    </message>
    <message>
        <source>Only a personal vault holds its owner&apos;s own record.</source>
        <translation>Nur ein persönlicher Tresor enthält die eigene Akte seines Inhabers.</translation>
    </message>
    <message>
        <source>No OS keychain is available, so the workstation factor cannot be used on this machine.</source>
        <translation>Es ist kein Schlüsselbund des Betriebssystems verfügbar, daher kann der Arbeitsplatzfaktor auf diesem Computer nicht verwendet werden.</translation>
    </message>
    <message>
        <source>{path} is not a readable MedVault backup ({manifest} is missing or damaged). Choose another backup.</source>
        <translation>{path} ist keine lesbare MedVault-Sicherung ({manifest} fehlt oder ist beschädigt). Wählen Sie eine andere Sicherung.</translation>
    </message>
    <message>
        <source>The backup at {path} names an unsafe file {name}.</source>
        <translation>Die Sicherung unter {path} nennt eine unsichere Datei {name}.</translation>
    </message>
    <message>
        <source>The backup at {path} is damaged: {name} does not match its checksum. Choose another backup.</source>
        <translation>Die Sicherung unter {path} ist beschädigt: {name} passt nicht zu ihrer Prüfsumme. Wählen Sie eine andere Sicherung.</translation>
    </message>
    <message>
        <source>That backup belongs to a different vault.</source>
        <translation>Diese Sicherung gehört zu einem anderen Tresor.</translation>
    </message>
    <message>
        <source>The backup at {path} does not open: it is damaged, or it was made before a key rotation. Choose another backup.</source>
        <translation>Die Sicherung unter {path} lässt sich nicht öffnen: Sie ist beschädigt oder wurde vor einem Schlüsselwechsel erstellt. Wählen Sie eine andere Sicherung.</translation>
    </message>
    <message>
        <source>The backup at {path} failed verification: {problem}</source>
        <translation>Die Sicherung unter {path} hat die Prüfung nicht bestanden: {problem}</translation>
    </message>
    <message>
        <source>The file {name} in the export does not match its manifest: it was changed after the export was made.</source>
        <translation>Die Datei {name} im Export passt nicht zu seinem Manifest: Sie wurde nach dem Export verändert.</translation>
    </message>
    <message>
        <source>This is not a MedVault export (no export.json or export.sig).</source>
        <translation>Dies ist kein MedVault-Export (export.json oder export.sig fehlt).</translation>
    </message>
    <message>
        <source>The export&apos;s manifest is unreadable: {problem}.</source>
        <translation>Das Manifest des Exports ist nicht lesbar: {problem}.</translation>
    </message>
    <message>
        <source>The export&apos;s manifest is malformed.</source>
        <translation>Das Manifest des Exports ist fehlerhaft aufgebaut.</translation>
    </message>
    <message>
        <source>The export&apos;s signature does not match its manifest.</source>
        <translation>Die Signatur des Exports passt nicht zu seinem Manifest.</translation>
    </message>
    <message>
        <source>The export&apos;s files differ from its manifest&apos;s list.</source>
        <translation>Die Dateien des Exports weichen von der Liste in seinem Manifest ab.</translation>
    </message>
    <message>
        <source>{name}: cannot be read ({reason}).</source>
        <translation>{name}: kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>{name}: not a regular file (a pipe, device or folder).</source>
        <translation>{name}: keine gewöhnliche Datei (eine Pipe, ein Gerät oder ein Ordner).</translation>
    </message>
    <message>
        <source>{name}: the file grew past the size limit while it was read.</source>
        <translation>{name}: Die Datei ist beim Lesen über die Größengrenze gewachsen.</translation>
    </message>
    <message>
        <source>More than {count} files to read.</source>
        <translation>Mehr als {count} Dateien zu lesen.</translation>
    </message>
    <message>
        <source>There are no .json or .ndjson files to import.</source>
        <translation>Es gibt keine .json- oder .ndjson-Dateien zum Importieren.</translation>
    </message>
    <message>
        <source>More than {count} resources.</source>
        <translation>Mehr als {count} Ressourcen.</translation>
    </message>
    <message>
        <source>The files hold more than {count} objects and lists in all, more than one import can hold in memory: import them a few at a time.</source>
        <translation>Die Dateien enthalten insgesamt mehr als {count} Objekte und Listen, mehr als ein Import im Speicher halten kann: Importieren Sie sie nach und nach in kleineren Gruppen.</translation>
    </message>
    <message>
        <source>This import was planned by another user; plan it again.</source>
        <translation>Dieser Import wurde von einem anderen Benutzer geplant; planen Sie ihn erneut.</translation>
    </message>
    <message>
        <source>Your role may not bring clinical records in: the clinical resources of this import were left out.</source>
        <translation>Ihre Rolle darf keine klinischen Akten einbringen: Die klinischen Ressourcen dieses Imports wurden ausgelassen.</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <source>Creating your vault</source>
        <extracomment>Cancel stopped the work before anything was written.</extracomment>
        <translation>Ihr Tresor wird angelegt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Measuring this computer to set how hard your password is to guess (about a second)…</source>
        <translation>Dieser Computer wird vermessen, um festzulegen, wie schwer Ihr Passwort zu erraten ist (etwa eine Sekunde)…</translation>
    </message>
    <message>
        <source>Creating the encrypted vault…</source>
        <translation>Der verschlüsselte Tresor wird angelegt…</translation>
    </message>
    <message>
        <source>Writing the vault. This step cannot be stopped; it takes a moment.</source>
        <translation>Der Tresor wird geschrieben. Dieser Schritt lässt sich nicht abbrechen; er dauert einen Moment.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Your vault is ready at {path}.</source>
        <translation>Ihr Tresor ist unter {path} bereit.</translation>
    </message>
    <message>
        <source>The vault was not created.</source>
        <translation>Der Tresor wurde nicht angelegt.</translation>
    </message>
</context>
<context>
    <name>CreateVaultWizard</name>
    <message>
        <source>Create a vault — MedVault</source>
        <extracomment>The vault exists at this path, with this owner name.</extracomment>
        <translation>Tresor anlegen – MedVault</translation>
    </message>
    <message>
        <source>Close without keeping the key?</source>
        <translation>Schließen, ohne den Schlüssel aufzubewahren?</translation>
    </message>
    <message>
        <source>Your vault was created, but this is the only time the recovery key is shown. Without it, a forgotten password cannot be replaced. Close anyway?</source>
        <translation>Ihr Tresor wurde angelegt, aber der Wiederherstellungsschlüssel wird nur dieses eine Mal angezeigt. Ohne ihn lässt sich ein vergessenes Passwort nicht ersetzen. Trotzdem schließen?</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Trotzdem schließen</translation>
    </message>
</context>
<context>
    <name>DayListModel</name>
    <message>
        <source>Time</source>
        <extracomment>A personal vault&apos;s list: the third column says where, not with which colleague.</extracomment>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>With</source>
        <translation>Bei</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>(restricted)</source>
        <translation>(eingeschränkt)</translation>
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <source>Possible duplicates</source>
        <translation>Mögliche Dubletten</translation>
    </message>
    <message>
        <source>&amp;Open this record instead</source>
        <translation>Stattdessen diese Akte &amp;öffnen</translation>
    </message>
    <message>
        <source>This is a &amp;different person: add anyway</source>
        <translation>Dies ist eine &amp;andere Person: trotzdem anlegen</translation>
    </message>
    <message>
        <source>MRN {mrn}</source>
        <translation>MRN {mrn}</translation>
    </message>
    <message>
        <source>restricted</source>
        <translation>gesperrt</translation>
    </message>
</context>
<context>
    <name>EmergencyQueueModel</name>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>Prüfnotiz</translation>
    </message>
    <message>
        <source>emergency account</source>
        <translation>Notfallkonto</translation>
    </message>
    <message>
        <source>restricted record</source>
        <translation>gesperrte Akte</translation>
    </message>
    <message>
        <source>Patient id: {id}</source>
        <translation>Patienten-ID: {id}</translation>
    </message>
</context>
<context>
    <name>EmergencyReviewPage</name>
    <message>
        <source>Emergency accesses</source>
        <translation>Notfallzugriffe</translation>
    </message>
    <message>
        <source>Nothing waits for review.</source>
        <translation>Nichts wartet auf Prüfung.</translation>
    </message>
    <message>
        <source>Show &amp;reviewed ones too</source>
        <translation>Auch &amp;geprüfte anzeigen</translation>
    </message>
    <message>
        <source>&amp;Mark reviewed…</source>
        <translation>Als geprüft &amp;markieren…</translation>
    </message>
    <message>
        <source>What was opened and changed</source>
        <translation>Was geöffnet und geändert wurde</translation>
    </message>
    <message>
        <source>Emergency access review</source>
        <translation>Prüfung der Notfallzugriffe</translation>
    </message>
    <message>
        <source>Each time someone opened a restricted record or used the emergency account, they gave a reason. Check that each one was justified.</source>
        <translation>Bei jedem Öffnen einer gesperrten Akte und jeder Nutzung des Notfallkontos wurde eine Begründung angegeben. Prüfen Sie, ob jeder Zugriff gerechtfertigt war.</translation>
    </message>
    <message>
        <source>Emergency review</source>
        <translation>Notfallprüfung</translation>
    </message>
    <message>
        <source>The review queue is not available in this build.</source>
        <translation>Die Prüfliste ist in dieser Version nicht verfügbar.</translation>
    </message>
    <message>
        <source>This is your own access: another holder of the clinical key reviews it ({names}).</source>
        <translation>Dies ist Ihr eigener Zugriff: Eine andere Person mit dem klinischen Schlüssel prüft ihn ({names}).</translation>
    </message>
    <message>
        <source>Select an access to see what was opened and changed under it.</source>
        <translation>Wählen Sie einen Zugriff aus, um zu sehen, was dabei geöffnet und geändert wurde.</translation>
    </message>
    <message>
        <source>What {who} opened and changed under this access: {n} entries, {c} of them changes.</source>
        <translation>Was {who} bei diesem Zugriff geöffnet und geändert hat: {n} Einträge, davon {c} Änderungen.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export everything</source>
        <translation>Alles exportieren</translation>
    </message>
    <message>
        <source>One encrypted file with every record as FHIR, every document in its original format, each patient&apos;s access report and consents. For a patient&apos;s copy of their data or for moving to another system.</source>
        <translation>Eine verschlüsselte Datei mit allen Akten als FHIR, jedem Dokument im Originalformat sowie Zugriffsbericht und Einwilligungen jedes Patienten. Für die Datenkopie eines Patienten oder den Umzug in ein anderes System.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Encrypted export</source>
        <translation>Verschlüsselter Export</translation>
    </message>
    <message>
        <source>Save the export</source>
        <translation>Export speichern</translation>
    </message>
    <message>
        <source>MedVault export (*.medvault-export);;All files (*)</source>
        <translation>MedVault-Export (*.medvault-export);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export made</source>
        <translation>Export erstellt</translation>
    </message>
    <message>
        <source>The export was written to {0}.</source>
        <translation>Der Export wurde in {0} geschrieben.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
</context>
<context>
    <name>ExportSection</name>
    <message>
        <source>My export</source>
        <translation>Mein Export</translation>
    </message>
    <message>
        <source>My record only</source>
        <translation>Nur meine Akte</translation>
    </message>
    <message>
        <source>Everything in this vault (me and my family)</source>
        <translation>Alles in diesem Tresor (ich und meine Familie)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>One encrypted file with the records as FHIR, every document in its original format, who opened the records and the consents: your copy to keep, or to take to another app.</source>
        <translation>Eine verschlüsselte Datei mit den Akten als FHIR, jedem Dokument im Originalformat, wer die Akten geöffnet hat, und den Einwilligungen: Ihre Kopie zum Aufbewahren oder zur Mitnahme in eine andere App.</translation>
    </message>
    <message>
        <source>Save the export</source>
        <translation>Export speichern</translation>
    </message>
    <message>
        <source>MedVault export (*.medvault-export);;All files (*)</source>
        <translation>MedVault-Export (*.medvault-export);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export made</source>
        <translation>Export erstellt</translation>
    </message>
    <message>
        <source>The export was written to {0}.</source>
        <translation>Der Export wurde in {0} geschrieben.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
</context>
<context>
    <name>ExportTarget</name>
    <message>
        <source>age1…</source>
        <translation>age1…</translation>
    </message>
    <message>
        <source>Recipient key</source>
        <translation>Schlüssel des Empfängers</translation>
    </message>
    <message>
        <source>Encrypt to a key</source>
        <translation>Für einen Schlüssel verschlüsseln</translation>
    </message>
    <message>
        <source>or to a passphrase</source>
        <translation>oder mit einer Passphrase</translation>
    </message>
    <message>
        <source>Give a recipient key or a passphrase of at least 12 characters, not both.</source>
        <translation>Geben Sie einen Empfängerschlüssel oder eine Passphrase mit mindestens 12 Zeichen an, nicht beides.</translation>
    </message>
</context>
<context>
    <name>FhirExportPage</name>
    <message>
        <source>Export every patient&apos;s record as FHIR R4 Bulk Data: one NDJSON file per resource type and a manifest, readable by any system that takes FHIR. Restricted records are left out. The files are not encrypted: write them to an encrypted disk, or use a full export package to send them.</source>
        <translation>Die Akten aller Patienten als FHIR-R4-Bulk-Data exportieren: eine NDJSON-Datei je Ressourcentyp und ein Manifest, lesbar für jedes System, das FHIR versteht. Gesperrte Akten werden ausgelassen. Die Dateien sind nicht verschlüsselt: Schreiben Sie sie auf einen verschlüsselten Datenträger oder verwenden Sie zum Versenden ein vollständiges Exportpaket.</translation>
    </message>
    <message>
        <source>&amp;Export the whole practice as FHIR…</source>
        <translation>Die ganze Praxis als FHIR &amp;exportieren…</translation>
    </message>
    <message>
        <source>FHIR export</source>
        <translation>FHIR-Export</translation>
    </message>
    <message>
        <source>Export your whole record as FHIR R4 Bulk Data: one NDJSON file per resource type and a manifest, readable by any system that takes FHIR. The files are not encrypted: write them to an encrypted disk, or use a full export package to send them.</source>
        <translation>Ihre ganze Akte als FHIR-R4-Bulk-Data exportieren: eine NDJSON-Datei je Ressourcentyp und ein Manifest, lesbar für jedes System, das FHIR annimmt. Die Dateien sind nicht verschlüsselt: Schreiben Sie sie auf ein verschlüsseltes Laufwerk, oder versenden Sie sie als vollständiges Exportpaket.</translation>
    </message>
    <message>
        <source>&amp;Export everything as FHIR…</source>
        <translation>Alles als FHIR &amp;exportieren…</translation>
    </message>
    <message>
        <source>Choose where to put the FHIR export</source>
        <translation>Wählen Sie, wohin der FHIR-Export geschrieben wird</translation>
    </message>
    <message>
        <source>Exported {total} resources about {patients} patients to {path}. {left} restricted entries were left out.</source>
        <translation>{total} Ressourcen zu {patients} Patienten nach {path} exportiert. {left} gesperrte Einträge wurden ausgelassen.</translation>
    </message>
    <message>
        <source>Exporting as FHIR…</source>
        <translation>Export als FHIR läuft…</translation>
    </message>
    <message>
        <source>Exporting the practice as FHIR…</source>
        <translation>Die Praxis wird als FHIR exportiert…</translation>
    </message>
</context>
<context>
    <name>FlagModel</name>
    <message>
        <source>Many charts in one hour</source>
        <extracomment>The monitoring rules in words (core names them by id: `monitoring.RULES`).</extracomment>
        <translation>Viele Akten in einer Stunde</translation>
    </message>
    <message>
        <source>Outside opening hours</source>
        <translation>Außerhalb der Öffnungszeiten</translation>
    </message>
    <message>
        <source>Patient with the user&apos;s family name</source>
        <translation>Patient mit dem Familiennamen des Benutzers</translation>
    </message>
    <message>
        <source>Repeated refusals</source>
        <translation>Wiederholte Ablehnungen</translation>
    </message>
    <message>
        <source>Emergency access not reviewed</source>
        <translation>Notfallzugriff nicht geprüft</translation>
    </message>
    <message>
        <source>Bulk export</source>
        <translation>Massenexport</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>{who}, {when}</source>
        <translation>{who}, {when}</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Noch nicht</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>All rules</source>
        <translation>Alle Regeln</translation>
    </message>
    <message>
        <source>Show &amp;reviewed flags</source>
        <translation>&amp;Geprüfte Hinweise anzeigen</translation>
    </message>
    <message>
        <source>Unusual access flags</source>
        <translation>Hinweise auf ungewöhnliche Zugriffe</translation>
    </message>
    <message>
        <source>&amp;Mark as reviewed…</source>
        <translation>Als geprüft mar&amp;kieren…</translation>
    </message>
    <message>
        <source>Rul&amp;e:</source>
        <translation>R&amp;egel:</translation>
    </message>
    <message>
        <source>Show the &amp;whole log</source>
        <translation>Ganzes Protokoll an&amp;zeigen</translation>
    </message>
    <message>
        <source>MedVault&apos;s monitoring rules flag unusual access over the last days. Choose a flag to see the entries it names; mark it as reviewed once you have looked into it.</source>
        <translation>Die Überwachungsregeln von MedVault weisen auf ungewöhnliche Zugriffe der letzten Tage hin. Wählen Sie einen Hinweis, um die zugehörigen Einträge zu sehen; markieren Sie ihn als geprüft, sobald Sie ihm nachgegangen sind.</translation>
    </message>
    <message>
        <source>To review: {n} of {total}</source>
        <translation>Zu prüfen: {n} von {total}</translation>
    </message>
</context>
<context>
    <name>FolderPage</name>
    <message>
        <source>Where should the vault live?</source>
        <translation>Wo soll der Tresor liegen?</translation>
    </message>
    <message>
        <source>The vault is a folder of encrypted files. Back it up like any other folder.</source>
        <translation>Der Tresor ist ein Ordner mit verschlüsselten Dateien. Sichern Sie ihn wie jeden anderen Ordner.</translation>
    </message>
    <message>
        <source>Vault name</source>
        <translation>Name des Tresors</translation>
    </message>
    <message>
        <source>Folder that will hold the vault</source>
        <translation>Ordner, der den Tresor enthalten wird</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Vault &amp;name:</source>
        <translation>&amp;Name des Tresors:</translation>
    </message>
    <message>
        <source>&amp;Save it in:</source>
        <translation>&amp;Speichern in:</translation>
    </message>
    <message>
        <source>My health records</source>
        <translation>Meine Gesundheitsdaten</translation>
    </message>
    <message>
        <source>Practice vault</source>
        <translation>Praxis-Tresor</translation>
    </message>
    <message>
        <source>Save the vault in</source>
        <translation>Tresor speichern in</translation>
    </message>
    <message>
        <source>The vault will be the folder {path}</source>
        <translation>Der Tresor wird der Ordner {path}</translation>
    </message>
</context>
<context>
    <name>GrantsPage</name>
    <message>
        <source>Pending grants</source>
        <translation>Offene Freigaben</translation>
    </message>
    <message>
        <source>Nobody is waiting for access.</source>
        <translation>Niemand wartet auf Zugriff.</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <source>Access waiting for approval</source>
        <translation>Zugriff wartet auf Genehmigung</translation>
    </message>
    <message>
        <source>Approving seals the key to the records to that person, so only someone who holds it can approve. Check that the person and their role are right.</source>
        <translation>Beim Genehmigen wird der Schlüssel zu den Akten für diese Person versiegelt; daher kann nur jemand genehmigen, der ihn besitzt. Prüfen Sie, ob die Person und ihre Rolle stimmen.</translation>
    </message>
    <message>
        <source>Approve access</source>
        <translation>Zugriff genehmigen</translation>
    </message>
    <message>
        <source>Give {name} the key to the {records} records?</source>
        <translation>{name} den Schlüssel zu den Akten „{records}“ geben?</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Wird genehmigt…</translation>
    </message>
    <message>
        <source>Reject access</source>
        <translation>Zugriff ablehnen</translation>
    </message>
    <message>
        <source>Turn down {name}&apos;s access to the {records} records? The key is not given to them; their account stays as it is.</source>
        <translation>Den Zugriff von {name} auf die Daten „{records}“ ablehnen? Der Schlüssel wird nicht übergeben; das Konto bleibt unverändert.</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Rejecting…</source>
        <translation>Wird abgelehnt…</translation>
    </message>
</context>
<context>
    <name>GrantsTableModel</name>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Akten</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>Angefordert am</translation>
    </message>
</context>
<context>
    <name>HealthModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Was zu tun ist</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>HealthPage</name>
    <message>
        <source>Security checks</source>
        <translation>Sicherheitsprüfungen</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>&amp;Erneut prüfen</translation>
    </message>
    <message>
        <source>&amp;Go to the page that fixes it</source>
        <translation>&amp;Zur Seite, die es behebt</translation>
    </message>
    <message>
        <source>Compliance &amp;statement…</source>
        <translation>&amp;Konformitätserklärung…</translation>
    </message>
    <message>
        <source>Write a statement of how this vault meets HIPAA, GDPR and NIST controls, with a GDPR Art. 30 record of processing to complete (PDF, HTML or JSON)</source>
        <translation>Eine Erklärung schreiben, wie dieser Tresor die Anforderungen von HIPAA, DSGVO und NIST erfüllt, mit einem zu ergänzenden Verzeichnis von Verarbeitungstätigkeiten nach Art. 30 DSGVO (PDF, HTML oder JSON)</translation>
    </message>
    <message>
        <source>Security health</source>
        <translation>Sicherheitszustand</translation>
    </message>
    <message>
        <source>MedVault checks this vault&apos;s backups, accounts, keys, audit log and this computer. Each line says what it found and the one thing that fixes it.</source>
        <translation>MedVault prüft die Sicherungen, Konten, Schlüssel und das Protokoll dieses Tresors sowie diesen Computer. Jede Zeile nennt, was gefunden wurde, und den einen Schritt, der es behebt.</translation>
    </message>
    <message>
        <source>{problems} problems, {warnings} warnings, {ok} checks OK, {unknown} that this computer cannot tell.</source>
        <translation>{problems} Probleme, {warnings} Warnungen, {ok} Prüfungen in Ordnung, {unknown}, die dieser Computer nicht beurteilen kann.</translation>
    </message>
    <message>
        <source>Save the compliance statement</source>
        <translation>Konformitätserklärung speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;HTML (*.html);;JSON (*.json)</source>
        <translation>PDF (*.pdf);;HTML (*.html);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Wrote the compliance statement to {path}: {met} controls met, {partly} partly met. Complete the fields of its record of processing that are marked for you.</source>
        <translation>Die Konformitätserklärung wurde in {path} geschrieben: {met} Anforderungen erfüllt, {partly} teilweise erfüllt. Ergänzen Sie im Verzeichnis der Verarbeitungstätigkeiten die für Sie markierten Felder.</translation>
    </message>
    <message>
        <source>Writing the compliance statement…</source>
        <translation>Konformitätserklärung wird geschrieben…</translation>
    </message>
</context>
<context>
    <name>HoursDialog</name>
    <message>
        <source>Opening hours</source>
        <translation>Öffnungszeiten</translation>
    </message>
    <message>
        <source>&amp;Save hours</source>
        <translation>Zeiten &amp;speichern</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Montag</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Dienstag</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Mittwoch</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Donnerstag</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Freitag</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Samstag</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Sonntag</translation>
    </message>
    <message>
        <source>{day} opens</source>
        <translation>{day} öffnet um</translation>
    </message>
    <message>
        <source>{day} closes</source>
        <translation>{day} schließt um</translation>
    </message>
    <message>
        <source>Slot length</source>
        <translation>Länge eines Zeitraums</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} Minuten</translation>
    </message>
    <message>
        <source>Open on:</source>
        <translation>Geöffnet am:</translation>
    </message>
    <message>
        <source>S&amp;lot length:</source>
        <translation>Zeitraum&amp;länge:</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <source>Incident evidence package</source>
        <translation>Beweispaket zu einem Vorfall</translation>
    </message>
    <message>
        <source>Window start</source>
        <translation>Beginn des Zeitraums</translation>
    </message>
    <message>
        <source>Window end</source>
        <translation>Ende des Zeitraums</translation>
    </message>
    <message>
        <source>Discovered at</source>
        <translation>Entdeckt am</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Every account</source>
        <translation>Alle Konten</translation>
    </message>
    <message>
        <source>Patient id</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>optional: one patient&apos;s id</source>
        <translation>optional: die ID eines Patienten</translation>
    </message>
    <message>
        <source>age1…</source>
        <translation>age1…</translation>
    </message>
    <message>
        <source>Recipient key</source>
        <translation>Empfängerschlüssel</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>&amp;Discovered:</source>
        <translation>&amp;Entdeckt:</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>&amp;Patient id:</source>
        <translation>&amp;Patienten-ID:</translation>
    </message>
    <message>
        <source>Encrypt to a &amp;key:</source>
        <translation>Verschlüsseln für einen Sch&amp;lüssel:</translation>
    </message>
    <message>
        <source>or to a pa&amp;ssphrase:</source>
        <translation>oder mit einer Passp&amp;hrase:</translation>
    </message>
    <message>
        <source>&amp;Write package…</source>
        <translation>Paket &amp;schreiben…</translation>
    </message>
    <message>
        <source>An encrypted package for investigators or the supervisory authority: the audit entries of the window with what proves them complete and unaltered, the affected patients, the monitoring flags and a GDPR Art. 33 worksheet. The 72 hours for notifying the authority run from the moment of discovery.</source>
        <translation>Ein verschlüsseltes Paket für Ermittler oder die Aufsichtsbehörde: die Protokolleinträge des Zeitraums mit dem Nachweis, dass sie vollständig und unverändert sind, die betroffenen Patienten, die Überwachungshinweise und ein Arbeitsblatt nach Art. 33 DSGVO. Die 72 Stunden für die Meldung an die Behörde laufen ab dem Zeitpunkt der Entdeckung.</translation>
    </message>
    <message>
        <source>Give a recipient key or a passphrase of at least 12 characters, not both.</source>
        <translation>Geben Sie einen Empfängerschlüssel oder eine Passphrase mit mindestens 12 Zeichen an, nicht beides.</translation>
    </message>
    <message>
        <source>The window starts after it ends.</source>
        <translation>Der Zeitraum beginnt nach seinem Ende.</translation>
    </message>
</context>
<context>
    <name>IntegrityAlertDialog</name>
    <message>
        <source>The audit log was changed</source>
        <translation>Das Prüfprotokoll wurde verändert</translation>
    </message>
    <message>
        <source>&lt;b&gt;Entries of this vault&apos;s audit log were removed or changed outside MedVault since it was last locked.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Einträge im Prüfprotokoll dieses Tresors wurden seit der letzten Sperre außerhalb von MedVault entfernt oder geändert.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>What to do now:
1. Delete nothing: the old head is kept as evidence, and every verification keeps reporting it.
2. Open the Audit log page and press Verify chain to see what no longer matches.
3. Compare with a backup kept off this computer, and find out who could reach this vault&apos;s files since it was last locked.

Acknowledge once you have taken note: you will not be shown this again at sign-in. Remind me later shows it at your next sign-in.</source>
        <translation>Was Sie jetzt tun sollten:
1. Löschen Sie nichts: Der alte Stand wird als Beweis aufbewahrt, und jede Prüfung meldet ihn weiterhin.
2. Öffnen Sie die Seite „Prüfprotokoll“ und klicken Sie auf „Kette prüfen“, um zu sehen, was nicht mehr übereinstimmt.
3. Vergleichen Sie mit einer Sicherung, die nicht auf diesem Computer liegt, und klären Sie, wer seit der letzten Sperre auf die Dateien dieses Tresors zugreifen konnte.

Klicken Sie auf „Zur Kenntnis genommen“, wenn Sie dies notiert haben: Beim Anmelden wird es Ihnen dann nicht mehr angezeigt. „Später erinnern“ zeigt es bei Ihrer nächsten Anmeldung erneut.</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Zur Kenntnis genommen</translation>
    </message>
    <message>
        <source>&amp;Remind me later</source>
        <translation>&amp;Später erinnern</translation>
    </message>
    <message>
        <source>Could not record the acknowledgement: {error}</source>
        <translation>Die Kenntnisnahme konnte nicht festgehalten werden: {error}</translation>
    </message>
</context>
<context>
    <name>KindPage</name>
    <message>
        <source>What kind of vault?</source>
        <translation>Welche Art von Tresor?</translation>
    </message>
    <message>
        <source>&amp;Practice vault — several staff, each with their own sign-in and role</source>
        <translation>&amp;Praxis-Tresor – mehrere Mitarbeitende, jeweils mit eigener Anmeldung und Rolle</translation>
    </message>
    <message>
        <source>P&amp;ersonal vault — my own and my family&apos;s records</source>
        <translation>P&amp;ersönlicher Tresor – meine eigenen Daten und die meiner Familie</translation>
    </message>
    <message>
        <source>A practice vault locks itself after 5 idle minutes and can require an authenticator app for staff. A personal vault has one user, you; family members are added as patients.</source>
        <translation>Ein Praxis-Tresor sperrt sich nach 5 Minuten Inaktivität und kann für Mitarbeitende eine Authenticator-App verlangen. Ein persönlicher Tresor hat einen Benutzer, Sie; Familienmitglieder werden als Patienten angelegt.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Angemeldeter Benutzer</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>Make a &amp;backup…</source>
        <translation>Sicherung &amp;erstellen…</translation>
    </message>
    <message>
        <source>&amp;Import health records…</source>
        <translation>Gesundheitsdaten &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Open sharing package…</source>
        <translation>Freigabepaket ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Import contact &amp;card…</source>
        <translation>&amp;Kontaktkarte importieren…</translation>
    </message>
    <message>
        <source>&amp;Close vault</source>
        <translation>Tresor s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About MedVault</source>
        <translation>Ü&amp;ber MedVault</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;Report a problem…</source>
        <translation>&amp;Problem melden…</translation>
    </message>
    <message>
        <source>practice vault</source>
        <translation>Praxis-Tresor</translation>
    </message>
    <message>
        <source>personal vault</source>
        <translation>persönlicher Tresor</translation>
    </message>
    <message>
        <source>{vault} — MedVault</source>
        <translation>{vault} – MedVault</translation>
    </message>
    <message>
        <source>{user} · {role} · {kind} “{vault}”</source>
        <translation>{user} · {role} · {kind} „{vault}“</translation>
    </message>
    <message>
        <source>not a file, or too large</source>
        <translation>keine Datei oder zu groß</translation>
    </message>
    <message>
        <source>Open sharing package</source>
        <translation>Freigabepaket öffnen</translation>
    </message>
    <message>
        <source>Import contact card</source>
        <translation>Kontaktkarte importieren</translation>
    </message>
</context>
<context>
    <name>MeSection</name>
    <message>
        <source>About me</source>
        <extracomment>Emitted when the section changed the vault (the page tells the other pages).</extracomment>
        <translation>Über mich</translation>
    </message>
    <message>
        <source>Open my &amp;chart</source>
        <translation>Meine &amp;Akte öffnen</translation>
    </message>
    <message>
        <source>Which person in this vault are you? Add your own details, or choose yourself among the people already here. Nothing else changes: you can still open everyone&apos;s records.</source>
        <translation>Welche Person in diesem Tresor sind Sie? Tragen Sie Ihre eigenen Angaben ein oder wählen Sie sich unter den bereits erfassten Personen aus. Sonst ändert sich nichts: Sie können weiterhin die Akten aller öffnen.</translation>
    </message>
    <message>
        <source>&amp;Add my details…</source>
        <translation>Meine Angaben &amp;eintragen…</translation>
    </message>
    <message>
        <source>People in this vault</source>
        <translation>Personen in diesem Tresor</translation>
    </message>
    <message>
        <source>This is &amp;me</source>
        <translation>Das bin &amp;ich</translation>
    </message>
    <message>
        <source>Born {0}</source>
        <translation>Geboren am {0}</translation>
    </message>
    <message>
        <source>Birth date not recorded</source>
        <translation>Geburtsdatum nicht erfasst</translation>
    </message>
    <message>
        <source>Allergies: {0}</source>
        <translation>Allergien: {0}</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>keine erfasst</translation>
    </message>
    <message>
        <source>Problems: {0} · Medications: {1} · Notes: {2} · Documents: {3} · Measurements: {4}</source>
        <translation>Probleme: {0} · Medikamente: {1} · Notizen: {2} · Dokumente: {3} · Messwerte: {4}</translation>
    </message>
    <message>
        <source>My details</source>
        <translation>Meine Angaben</translation>
    </message>
</context>
<context>
    <name>MyAppointmentsPage</name>
    <message>
        <source>My appointments</source>
        <translation>Meine Termine</translation>
    </message>
    <message>
        <source>Show &amp;past appointments</source>
        <translation>&amp;Vergangene Termine zeigen</translation>
    </message>
    <message>
        <source>&amp;Add appointment…</source>
        <translation>Termin &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>Termin ab&amp;sagen</translation>
    </message>
    <message>
        <source>Cancel the selected appointment (Delete)</source>
        <translation>Den gewählten Termin absagen (Entf)</translation>
    </message>
    <message>
        <source>Appointments of everyone in this vault: yours and your family&apos;s. They stay encrypted here like the rest of your records.</source>
        <translation>Termine aller Personen in diesem Tresor: Ihre und die Ihrer Familie. Sie bleiben hier verschlüsselt wie Ihre übrigen Unterlagen.</translation>
    </message>
    <message>
        <source>No appointments yet: add one with “Add appointment”.</source>
        <translation>Noch keine Termine: Fügen Sie einen mit „Termin hinzufügen“ hinzu.</translation>
    </message>
    <message>
        <source>Cancel appointment</source>
        <translation>Termin absagen</translation>
    </message>
    <message>
        <source>Cancel the appointment of {name}?</source>
        <translation>Den Termin von {name} absagen?</translation>
    </message>
</context>
<context>
    <name>MyRecordPage</name>
    <message>
        <source>My record</source>
        <extracomment>The page&apos;s sections, in order. Append a `MyRecordSection` subclass to add one. The owner asked to open their chart (the main window shows it on the People page). The owner asked to share their record (the main window opens the Share wizard).</extracomment>
        <translation>Meine Akte</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Current password</source>
        <translation>Aktuelles Passwort</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Neues Passwort wiederholen</translation>
    </message>
    <message>
        <source>C&amp;urrent password:</source>
        <translation>&amp;Aktuelles Passwort:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Neues Passwort:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Passwort festlegen</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>Die beiden neuen Passwörter stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>NewRecoveryKeyDialog</name>
    <message>
        <source>New recovery key</source>
        <translation>Neuer Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>I have &amp;printed or saved the new key and destroyed the old emergency kit.</source>
        <translation>Ich habe den neuen Schlüssel &amp;gedruckt oder gespeichert und das alte Notfallkit vernichtet.</translation>
    </message>
    <message>
        <source>Your old recovery key no longer works. This is the new one, shown only now: print it or save the emergency kit.</source>
        <translation>Ihr alter Wiederherstellungsschlüssel funktioniert nicht mehr. Dies ist der neue, nur jetzt angezeigt: Drucken Sie ihn aus oder speichern Sie das Notfallkit.</translation>
    </message>
</context>
<context>
    <name>NoteDraft</name>
    <message>
        <source>An empty note cannot be signed.</source>
        <extracomment>A save reached the vault (the draft as stored). A save failed; the text stays in the editor and the next change retries.</extracomment>
        <translation>Eine leere Notiz kann nicht signiert werden.</translation>
    </message>
</context>
<context>
    <name>OpenPackageDialog</name>
    <message>
        <source>Sharing package</source>
        <translation>Freigabepaket</translation>
    </message>
    <message>
        <source>a verified contact</source>
        <translation>ein bestätigter Kontakt</translation>
    </message>
    <message>
        <source>a contact whose key is NOT verified</source>
        <translation>ein Kontakt, dessen Schlüssel NICHT bestätigt ist</translation>
    </message>
    <message>
        <source>NOT one of your contacts</source>
        <translation>KEINER Ihrer Kontakte</translation>
    </message>
    <message>
        <source>a contact whose key has CHANGED: do not import</source>
        <translation>ein Kontakt, dessen Schlüssel sich GEÄNDERT hat: nicht importieren</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation>ABGELAUFEN</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Why you trust this sender</source>
        <translation>Warum Sie diesem Absender vertrauen</translation>
    </message>
    <message>
        <source>Why you import it after expiry</source>
        <translation>Warum Sie es nach Ablauf importieren</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Imported {0} entries; {1} duplicates skipped.</source>
        <translation>{0} Einträge importiert; {1} Duplikate übersprungen.</translation>
    </message>
    <message>
        <source>Importing the package…</source>
        <translation>Paket wird importiert…</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>Your sign-in</source>
        <translation>Ihre Anmeldung</translation>
    </message>
    <message>
        <source>You are the vault&apos;s owner. Choose a password you can remember: nobody, not even MedVault, can read it back. The recovery key on the next page is the only way to set a new one if you forget it.</source>
        <translation>Sie sind Inhaber dieses Tresors. Wählen Sie ein Passwort, das Sie sich merken können: Niemand, auch MedVault nicht, kann es auslesen. Der Wiederherstellungsschlüssel auf der nächsten Seite ist der einzige Weg, ein neues zu setzen, falls Sie es vergessen.</translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation>Ihr vollständiger Name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>Also tie my sign-in to this computer&apos;s &amp;keychain (workstation factor)</source>
        <translation>Meine Anmeldung zusätzlich an den &amp;Schlüsselbund dieses Computers binden (Arbeitsplatzfaktor)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Vollständiger Name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>&amp;Create vault</source>
        <translation>Tresor &amp;anlegen</translation>
    </message>
    <message>
        <source>The machine policy requires it.</source>
        <translation>Die Richtlinie dieses Computers verlangt es.</translation>
    </message>
    <message>
        <source>Unavailable: this computer has no keychain MedVault can use.</source>
        <translation>Nicht verfügbar: Dieser Computer hat keinen Schlüsselbund, den MedVault verwenden kann.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Die beiden Passwörter stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>PassphraseOffer</name>
    <message>
        <source>Suggest a &amp;passphrase</source>
        <translation>&amp;Passphrase vorschlagen</translation>
    </message>
    <message>
        <source>Random words chosen by MedVault: strong, and easier to type than to guess</source>
        <translation>Von MedVault zufällig gewählte Wörter: stark, und leichter zu tippen als zu erraten</translation>
    </message>
    <message>
        <source>Suggested passphrase</source>
        <translation>Vorgeschlagene Passphrase</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the passphrase</source>
        <translation>Passphrase kopieren</translation>
    </message>
    <message>
        <source>MedVault cannot suggest a passphrase: its word list is damaged. Choose your own password, and reinstall MedVault.</source>
        <translation>MedVault kann keine Passphrase vorschlagen: Die Wortliste ist beschädigt. Wählen Sie selbst ein Passwort und installieren Sie MedVault neu.</translation>
    </message>
    <message>
        <source>{words} words drawn at random: about {bits} bits, far beyond guessing. Write it down or keep it in a password manager; it is not shown again.</source>
        <translation>{words} zufällig gezogene Wörter: etwa {bits} Bit, weit jenseits des Erratbaren. Schreiben Sie die Passphrase auf oder bewahren Sie sie in einem Passwort-Manager auf; sie wird nicht noch einmal angezeigt.</translation>
    </message>
</context>
<context>
    <name>PasswordPromptDialog</name>
    <message>
        <source>Your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>Your &amp;password:</source>
        <translation>Ihr &amp;Passwort:</translation>
    </message>
</context>
<context>
    <name>PatientDialog</name>
    <message>
        <source>New patient</source>
        <translation>Neuer Patient</translation>
    </message>
    <message>
        <source>Edit patient details</source>
        <translation>Patientendaten bearbeiten</translation>
    </message>
    <message>
        <source>Add patient</source>
        <translation>Patient hinzufügen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>Neue Person</translation>
    </message>
    <message>
        <source>Edit details</source>
        <translation>Angaben bearbeiten</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Person hinzufügen</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation>Vornamen</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Sex (administrative)</source>
        <translation>Geschlecht (administrativ)</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Weiblich</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Männlich</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Divers</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Gender identity</source>
        <translation>Geschlechtsidentität</translation>
    </message>
    <message>
        <source>in the person&apos;s own words</source>
        <translation>in den eigenen Worten der Person</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Pat.-Nr.</translation>
    </message>
    <message>
        <source>medical record number</source>
        <translation>Patientennummer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Street address</source>
        <translation>Straße und Hausnummer</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation>Notfallkontakt</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Beziehung</translation>
    </message>
    <message>
        <source>Emergency contact phone</source>
        <translation>Telefon des Notfallkontakts</translation>
    </message>
    <message>
        <source>Restricted record</source>
        <translation>Gesperrte Akte</translation>
    </message>
    <message>
        <source>For staff, public figures and others whose record colleagues should not browse: opening it needs a reason.</source>
        <translation>Für Personal, Personen des öffentlichen Lebens und alle, deren Akte Kolleginnen und Kollegen nicht durchsehen sollen: Zum Öffnen ist eine Begründung nötig.</translation>
    </message>
    <message>
        <source>&amp;Family name *</source>
        <translation>&amp;Nachname *</translation>
    </message>
    <message>
        <source>&amp;Given names *</source>
        <translation>&amp;Vornamen *</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>&amp;Geburtsdatum</translation>
    </message>
    <message>
        <source>&amp;Sex</source>
        <translation>Ge&amp;schlecht</translation>
    </message>
    <message>
        <source>Gender &amp;identity</source>
        <translation>Geschlechts&amp;identität</translation>
    </message>
    <message>
        <source>&amp;MRN</source>
        <translation>Pat.-N&amp;r.</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>Street &amp;address</source>
        <translation>Stra&amp;ße</translation>
    </message>
    <message>
        <source>Postal &amp;code</source>
        <translation>Post&amp;leitzahl</translation>
    </message>
    <message>
        <source>Ci&amp;ty</source>
        <translation>&amp;Ort</translation>
    </message>
    <message>
        <source>Co&amp;untry</source>
        <translation>L&amp;and</translation>
    </message>
    <message>
        <source>Emergency &amp;contact</source>
        <translation>Notfall&amp;kontakt</translation>
    </message>
    <message>
        <source>Relations&amp;hip</source>
        <translation>&amp;Beziehung</translation>
    </message>
    <message>
        <source>Contact p&amp;hone</source>
        <translation>Tele&amp;fon des Kontakts</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <source>Name</source>
        <extracomment>find_patients answers at most this many rows (and has no offset): a query this broad is refined by typing more, not by scrolling.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>Pat.-Nr.</translation>
    </message>
    <message>
        <source>Male</source>
        <extracomment>The administrative sexes (app.core.records.patients.SEXES) as the list shows them.</extracomment>
        <translation>Männlich</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Weiblich</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Divers</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>{name}, restricted record</source>
        <extracomment>The query was (re)run: rows were reset. Carries the error message (&quot;&quot; if none). Whether every row of the result is loaded (then any column can be sorted).</extracomment>
        <translation>{name}, gesperrte Akte</translation>
    </message>
    <message>
        <source>Restricted record: opening it asks for a reason, which the vault owner reviews.</source>
        <translation>Gesperrte Akte: Zum Öffnen ist eine Begründung nötig, die der Tresorinhaber prüft.</translation>
    </message>
</context>
<context>
    <name>PatientListView</name>
    <message>
        <source>Name, birth date (YYYY-MM-DD or DD.MM.YYYY) or full MRN</source>
        <translation>Name, Geburtsdatum (JJJJ-MM-TT oder TT.MM.JJJJ) oder vollständige Pat.-Nr.</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>Patienten suchen</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>&amp;New patient…</source>
        <translation>&amp;Neuer Patient…</translation>
    </message>
    <message>
        <source>New patient</source>
        <translation>Neuer Patient</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patienten</translation>
    </message>
    <message>
        <source>Search result</source>
        <translation>Suchergebnis</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Name or birth date (YYYY-MM-DD or DD.MM.YYYY)</source>
        <translation>Name oder Geburtsdatum (JJJJ-MM-TT oder TT.MM.JJJJ)</translation>
    </message>
    <message>
        <source>Search people</source>
        <translation>Personen suchen</translation>
    </message>
    <message>
        <source>&amp;New person…</source>
        <translation>&amp;Neue Person…</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>Neue Person</translation>
    </message>
    <message>
        <source>Listed by name. Search to sort by another column.</source>
        <translation>Nach Namen sortiert. Suchen Sie, um nach einer anderen Spalte zu sortieren.</translation>
    </message>
    <message>
        <source>Nobody here yet. Add yourself first with New person, then anyone in your family whose records you keep.</source>
        <translation>Noch niemand hier. Legen Sie zuerst sich selbst mit „Neue Person“ an, dann alle Familienmitglieder, deren Unterlagen Sie führen.</translation>
    </message>
    <message>
        <source>No patients yet.</source>
        <translation>Noch keine Patienten.</translation>
    </message>
    <message>
        <source>{shown} of {total} patients loaded, by name; scroll for more.</source>
        <translation>{shown} von {total} Patienten geladen, nach Namen; scrollen Sie für weitere.</translation>
    </message>
    <message>
        <source>{total} patients.</source>
        <translation>{total} Patienten.</translation>
    </message>
    <message>
        <source>1 patient.</source>
        <translation>1 Patient.</translation>
    </message>
    <message>
        <source>No patient matches “{q}”.</source>
        <translation>Kein Patient passt zu „{q}“.</translation>
    </message>
    <message>
        <source>The first {n} matches; type more to narrow the search.</source>
        <translation>Die ersten {n} Treffer; geben Sie mehr ein, um die Suche einzugrenzen.</translation>
    </message>
    <message>
        <source>The first {n} matches; scroll for more, or type more to narrow the search.</source>
        <translation>Die ersten {n} Treffer; scrollen Sie für weitere, oder geben Sie mehr ein, um die Suche einzugrenzen.</translation>
    </message>
    <message>
        <source>{n} matching patients.</source>
        <translation>{n} passende Patienten.</translation>
    </message>
    <message>
        <source>1 matching patient.</source>
        <translation>1 passender Patient.</translation>
    </message>
    <message>
        <source>&amp;Open chart</source>
        <translation>Akte &amp;öffnen</translation>
    </message>
    <message>
        <source>Copy &amp;MRN</source>
        <translation>&amp;Pat.-Nr. kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;name</source>
        <translation>Namen &amp;kopieren</translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message>
        <source>Open my latest &amp;draft</source>
        <extracomment>Autosave interval for the note editor (None: the editor&apos;s default); tests shorten it.</extracomment>
        <translation>Meinen letzten &amp;Entwurf öffnen</translation>
    </message>
    <message>
        <source>&amp;Bring in records from a patient portal or app…</source>
        <translation>Unterlagen aus einem Patientenportal oder einer App &amp;übernehmen…</translation>
    </message>
    <message>
        <source>Import the FHIR file (JSON or NDJSON) your hospital portal, insurer or health app lets you download</source>
        <translation>Die FHIR-Datei (JSON oder NDJSON) importieren, die Ihr Klinikportal, Ihre Versicherung oder Ihre Gesundheits-App zum Herunterladen anbietet</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patienten</translation>
    </message>
    <message>
        <source>◀ &amp;People</source>
        <translation>◀ &amp;Personen</translation>
    </message>
    <message>
        <source>◀ &amp;Patients</source>
        <translation>◀ &amp;Patienten</translation>
    </message>
    <message>
        <source>Have records at a hospital, a doctor&apos;s portal or a health app? Download them there (FHIR, JSON or NDJSON) and bring them in here: you see what will come in before anything is saved.</source>
        <translation>Haben Sie Unterlagen bei einer Klinik, im Portal Ihrer Praxis oder in einer Gesundheits-App? Laden Sie sie dort herunter (FHIR, JSON oder NDJSON) und übernehmen Sie sie hier: Sie sehen, was übernommen wird, bevor etwas gespeichert wird.</translation>
    </message>
    <message>
        <source>The record of {name} is restricted. Your role cannot open restricted records; a clinician or the vault owner can, giving a reason.</source>
        <translation>Die Akte von {name} ist gesperrt. Ihre Rolle kann gesperrte Akten nicht öffnen; ein Arzt oder der Tresorinhaber kann es mit Begründung.</translation>
    </message>
    <message>
        <source>You have {n} unsigned note drafts, saved encrypted in the vault.</source>
        <translation>Sie haben {n} nicht signierte Notizentwürfe, verschlüsselt im Tresor gespeichert.</translation>
    </message>
    <message>
        <source>You have an unsigned note draft, saved encrypted in the vault.</source>
        <translation>Sie haben einen nicht signierten Notizentwurf, verschlüsselt im Tresor gespeichert.</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <source>Shortest password allowed</source>
        <translation>Kürzestes erlaubtes Passwort</translation>
    </message>
    <message>
        <source>Roles that must use an authenticator app</source>
        <translation>Rollen, die eine Authenticator-App verwenden müssen</translation>
    </message>
    <message>
        <source>Longest idle time before locking</source>
        <translation>Längste Inaktivität vor dem Sperren</translation>
    </message>
    <message>
        <source>Longest time a copy stays on the clipboard</source>
        <translation>Längste Zeit, die eine Kopie in der Zwischenablage bleibt</translation>
    </message>
    <message>
        <source>Least memory for password hashing</source>
        <translation>Mindestspeicher für das Passwort-Hashing</translation>
    </message>
    <message>
        <source>Least passes for password hashing</source>
        <translation>Mindestanzahl Durchläufe für das Passwort-Hashing</translation>
    </message>
    <message>
        <source>Workstation factor</source>
        <translation>Arbeitsplatzfaktor</translation>
    </message>
    <message>
        <source>Erasing a patient</source>
        <translation>Löschen eines Patienten</translation>
    </message>
    <message>
        <source>Backups kept</source>
        <translation>Aufbewahrte Sicherungen</translation>
    </message>
    <message>
        <source>Lock when minimised</source>
        <translation>Beim Minimieren sperren</translation>
    </message>
    <message>
        <source>Longest break-glass access</source>
        <translation>Längster Notfallzugriff</translation>
    </message>
    <message>
        <source>Machine policy</source>
        <translation>Computerrichtlinie</translation>
    </message>
    <message>
        <source>IT can set these for every vault on this computer. Settings marked with a padlock come from the policy file and cannot be changed here.</source>
        <translation>Die IT kann diese Werte für alle Tresore auf diesem Computer festlegen. Mit einem Schloss markierte Einstellungen stammen aus der Richtliniendatei und können hier nicht geändert werden.</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Policy file: {path}</source>
        <translation>Richtliniendatei: {path}</translation>
    </message>
    <message>
        <source>No policy file: MedVault&apos;s built-in defaults apply.</source>
        <translation>Keine Richtliniendatei: Es gelten die eingebauten Standardwerte von MedVault.</translation>
    </message>
    <message>
        <source>Set by the policy file</source>
        <translation>Durch die Richtliniendatei festgelegt</translation>
    </message>
    <message>
        <source>Locked by policy</source>
        <translation>Durch Richtlinie gesperrt</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Begrenzung</translation>
    </message>
    <message>
        <source>each vault decides</source>
        <translation>jeder Tresor entscheidet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>{n} MiB</source>
        <translation>{n} MiB</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} Min.</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} characters</source>
        <translation>{n} Zeichen</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>What leaves the vault</source>
        <translation>Was den Tresor verlässt</translation>
    </message>
    <message>
        <source>The package will carry:</source>
        <translation>Das Paket wird enthalten:</translation>
    </message>
    <message>
        <source>Left out by the restriction rules: {0} restricted entries ({1}). They stay in the vault; a restricted entry leaves only when named on purpose, under an emergency-access grant (medvault share create --include-restricted).</source>
        <translation>Durch die Sperrregeln ausgelassen: {0} gesperrte Einträge ({1}). Sie bleiben im Tresor; ein gesperrter Eintrag verlässt ihn nur, wenn er ausdrücklich genannt wird, unter einer Notfallfreigabe (medvault share create --include-restricted).</translation>
    </message>
    <message>
        <source>Nothing is left out by the restriction rules.</source>
        <translation>Durch die Sperrregeln wird nichts ausgelassen.</translation>
    </message>
</context>
<context>
    <name>ProblemReportDialog</name>
    <message>
        <source>Report a problem</source>
        <translation>Problem melden</translation>
    </message>
    <message>
        <source>Describe what you were doing and what went wrong. Do not name patients or other people: the report goes to IT or support, outside the vault.</source>
        <translation>Beschreiben Sie, was Sie gerade getan haben und was schiefging. Nennen Sie keine Patientinnen, Patienten oder andere Personen: Die Meldung geht an die IT oder den Support, außerhalb des Tresors.</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>Was ist passiert?</translation>
    </message>
    <message>
        <source>This is copied. It names no person, vault, folder or file:</source>
        <translation>Dies wird kopiert. Es nennt keine Person, keinen Tresor, keinen Ordner und keine Datei:</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>Meldung &amp;kopieren</translation>
    </message>
    <message>
        <source>Copied. Paste it into your message to IT or support.</source>
        <translation>Kopiert. Fügen Sie es in Ihre Nachricht an die IT oder den Support ein.</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Cancelling at the next safe point…</source>
        <translation>Wird am nächsten sicheren Punkt abgebrochen…</translation>
    </message>
    <message>
        <source>Finishing. This step cannot be stopped; it runs to the end.</source>
        <translation>Wird abgeschlossen. Dieser Schritt lässt sich nicht abbrechen; er läuft bis zum Ende.</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Creating the package</source>
        <translation>Paket wird erstellt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Collecting the record and encrypting it…</source>
        <translation>Die Akte wird zusammengestellt und verschlüsselt…</translation>
    </message>
    <message>
        <source>Saving the file. This step cannot be stopped; it takes a moment.</source>
        <translation>Die Datei wird gespeichert. Dieser Schritt lässt sich nicht abbrechen; er dauert einen Moment.</translation>
    </message>
    <message>
        <source>Cancelling at the next safe point…</source>
        <translation>Wird am nächsten sicheren Punkt abgebrochen…</translation>
    </message>
    <message>
        <source>The package was saved to {0}. Give the file to the recipient, and tell them the passphrase another way: by phone or in person, never with the file.</source>
        <translation>Das Paket wurde unter {0} gespeichert. Geben Sie die Datei dem Empfänger und teilen Sie ihm die Passphrase auf anderem Weg mit: am Telefon oder persönlich, nie mit der Datei.</translation>
    </message>
    <message>
        <source>The package was saved to {0}. Only the recipient (and you) can open it; send it any way you like.</source>
        <translation>Das Paket wurde unter {0} gespeichert. Nur der Empfänger (und Sie) können es öffnen; senden Sie es auf beliebigem Weg.</translation>
    </message>
    <message>
        <source>Package created</source>
        <translation>Paket erstellt</translation>
    </message>
    <message>
        <source>No package was created.</source>
        <translation>Es wurde kein Paket erstellt.</translation>
    </message>
</context>
<context>
    <name>PurposePage</name>
    <message>
        <source>Why, and for how long?</source>
        <translation>Wozu und wie lange?</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Reason for sharing without consent</source>
        <translation>Begründung für das Teilen ohne Einwilligung</translation>
    </message>
    <message>
        <source>Why this must go without the consent</source>
        <translation>Warum dies ohne Einwilligung gesendet werden muss</translation>
    </message>
    <message>
        <source>&amp;Purpose:</source>
        <translation>&amp;Zweck:</translation>
    </message>
    <message>
        <source>&amp;Expires:</source>
        <translation>&amp;Gültig bis:</translation>
    </message>
    <message>
        <source>After it expires, MedVault refuses to import the package (unless the recipient gives a reason, which is recorded).</source>
        <translation>Nach Ablauf verweigert MedVault den Import des Pakets (außer der Empfänger gibt eine Begründung an, die protokolliert wird).</translation>
    </message>
    <message>
        <source>The person asked for their own record: no further consent is needed.</source>
        <translation>Die Person hat ihre eigene Akte angefordert: Eine weitere Einwilligung ist nicht nötig.</translation>
    </message>
    <message>
        <source>The patient&apos;s consent covers this.</source>
        <translation>Die Einwilligung des Patienten deckt dies ab.</translation>
    </message>
</context>
<context>
    <name>RecipientPage</name>
    <message>
        <source>Who receives it?</source>
        <translation>Wer erhält es?</translation>
    </message>
    <message>
        <source>A &amp;contact, with their key</source>
        <translation>Ein &amp;Kontakt, mit seinem Schlüssel</translation>
    </message>
    <message>
        <source>Anyone who knows a &amp;passphrase</source>
        <translation>Jeder, der eine &amp;Passphrase kennt</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Import a contact &amp;card…</source>
        <translation>Kontakt&amp;karte importieren…</translation>
    </message>
    <message>
        <source>Send &amp;anyway: I cannot compare the fingerprint now</source>
        <translation>&amp;Trotzdem senden: Ich kann den Fingerabdruck jetzt nicht vergleichen</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>Tell the passphrase another way than the file: by phone or in person.</source>
        <translation>Teilen Sie die Passphrase auf anderem Weg als die Datei mit: am Telefon oder persönlich.</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht bestätigt</translation>
    </message>
    <message>
        <source>No contact has a key yet: import their contact card, or use a passphrase.</source>
        <translation>Noch kein Kontakt hat einen Schlüssel: Importieren Sie seine Kontaktkarte oder verwenden Sie eine Passphrase.</translation>
    </message>
    <message>
        <source>Key fingerprint {0}, compared with them on {1}.</source>
        <translation>Fingerabdruck des Schlüssels {0}, mit ihm verglichen am {1}.</translation>
    </message>
    <message>
        <source>Key fingerprint {0} has NOT been compared with them. Read it to them by phone first (Contacts → Verify key…).</source>
        <translation>Der Fingerabdruck {0} wurde NICHT mit ihm verglichen. Lesen Sie ihn zuerst am Telefon vor (Kontakte → Schlüssel bestätigen…).</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Import contact card</source>
        <translation>Kontaktkarte importieren</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPage</name>
    <message>
        <source>Your recovery key</source>
        <translation>Ihr Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>This is shown once. Print it or save the emergency kit now.</source>
        <translation>Er wird nur einmal angezeigt. Drucken Sie ihn jetzt aus oder speichern Sie das Notfallkit.</translation>
    </message>
    <message>
        <source>If you ever forget your password, this key is the only way back into the vault: “Forgot your password?” on the unlock screen asks for it and sets a new password. Anyone who has it and a copy of the vault can open the vault, so keep it on paper, somewhere safe, away from this computer.</source>
        <translation>Falls Sie Ihr Passwort vergessen, ist dieser Schlüssel der einzige Weg zurück in den Tresor: „Passwort vergessen?“ auf dem Entsperrbildschirm fragt danach und legt ein neues Passwort fest. Wer ihn und eine Kopie des Tresors hat, kann den Tresor öffnen. Bewahren Sie ihn daher auf Papier an einem sicheren Ort auf, nicht an diesem Computer.</translation>
    </message>
    <message>
        <source>I have &amp;printed or saved my recovery key and will keep it somewhere safe.</source>
        <translation>Ich habe meinen Wiederherstellungsschlüssel &amp;gedruckt oder gespeichert und bewahre ihn sicher auf.</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyView</name>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>Save emergency &amp;kit as PDF…</source>
        <translation>Notfall&amp;kit als PDF speichern…</translation>
    </message>
    <message>
        <source>Printing is safest. A PDF is not encrypted: anyone who opens it can read the key, so save it to a USB stick or other removable media and keep that locked away, not on this computer.</source>
        <translation>Drucken ist am sichersten. Eine PDF-Datei ist nicht verschlüsselt: Jeder, der sie öffnet, kann den Schlüssel lesen. Speichern Sie sie daher auf einem USB-Stick oder einem anderen Wechseldatenträger und schließen Sie diesen weg, nicht auf diesem Computer.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>An den Drucker gesendet.</translation>
    </message>
    <message>
        <source>Save the emergency kit</source>
        <translation>Notfallkit speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Emergency kit</source>
        <translation>Notfallkit</translation>
    </message>
    <message>
        <source>Saved to {path}. The PDF is not encrypted: print it, then delete the file, or keep it on a USB stick stored safely.</source>
        <translation>Gespeichert unter {path}. Die PDF-Datei ist nicht verschlüsselt: Drucken Sie sie aus und löschen Sie dann die Datei, oder bewahren Sie sie auf einem sicher verwahrten USB-Stick auf.</translation>
    </message>
    <message>
        <source>Saved to {path}. The PDF is not encrypted: keep this drive somewhere safe.</source>
        <translation>Gespeichert unter {path}. Die PDF-Datei ist nicht verschlüsselt: Bewahren Sie diesen Datenträger sicher auf.</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Mark as reviewed</source>
        <translation>Als geprüft markieren</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>Prüfvermerk</translation>
    </message>
    <message>
        <source>Optional: what you checked</source>
        <translation>Optional: was Sie geprüft haben</translation>
    </message>
    <message>
        <source>Mark reviewed</source>
        <translation>Als geprüft markieren</translation>
    </message>
    <message>
        <source>{who} gave this reason: “{reason}”</source>
        <translation>{who} hat diese Begründung angegeben: „{reason}“</translation>
    </message>
</context>
<context>
    <name>ReviewFlagDialog</name>
    <message>
        <source>Review a flag</source>
        <translation>Hinweis prüfen</translation>
    </message>
    <message>
        <source>{rule}: {user}, {when}
{evidence}</source>
        <translation>{rule}: {user}, {when}
{evidence}</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>Prüfnotiz</translation>
    </message>
    <message>
        <source>What you found (optional), e.g. &quot;covered a colleague&apos;s late clinic&quot;</source>
        <translation>Was Sie festgestellt haben (optional), z. B. „Spätsprechstunde einer Kollegin übernommen“</translation>
    </message>
    <message>
        <source>&amp;Note (kept with the review, not in the log):</source>
        <translation>&amp;Notiz (bei der Prüfung gespeichert, nicht im Protokoll):</translation>
    </message>
    <message>
        <source>&amp;Mark as reviewed</source>
        <translation>Als geprüft &amp;markieren</translation>
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Owner</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Clinician</source>
        <translation>Behandelnde Person</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Prüfende Person</translation>
    </message>
    <message>
        <source>Emergency account</source>
        <translation>Notfallkonto</translation>
    </message>
    <message>
        <source>Backup service</source>
        <translation>Sicherungsdienst</translation>
    </message>
    <message>
        <source>Can do nothing until activated with a reason; then reads clinical records, flagged for the owner&apos;s review.</source>
        <translation>Kann nichts tun, bis es mit einer Begründung aktiviert wird; liest dann klinische Akten, zur Prüfung durch den Inhaber markiert.</translation>
    </message>
    <message>
        <source>For the scheduled backup job: makes, verifies and test-restores backups and reads the security health check. Never sees clinical records. Nor does it see any patient&apos;s details.</source>
        <translation>Für den geplanten Sicherungsauftrag: erstellt, prüft und testet Sicherungen per Wiederherstellung und liest die Sicherheitsprüfung. Sieht nie klinische Akten und auch keine Patientendaten.</translation>
    </message>
    <message>
        <source>Reads and writes clinical records.</source>
        <translation>Liest und schreibt klinische Akten.</translation>
    </message>
    <message>
        <source>Reads clinical records.</source>
        <translation>Liest klinische Akten.</translation>
    </message>
    <message>
        <source>Never sees clinical records.</source>
        <translation>Sieht nie klinische Akten.</translation>
    </message>
    <message>
        <source>Registers patients and books appointments.</source>
        <translation>Erfasst Patienten und vergibt Termine.</translation>
    </message>
    <message>
        <source>Manages user accounts.</source>
        <translation>Verwaltet Benutzerkonten.</translation>
    </message>
    <message>
        <source>Reads the audit log.</source>
        <translation>Liest das Prüfprotokoll.</translation>
    </message>
    <message>
        <source>A new account gets clinical access once a clinician or the owner approves it.</source>
        <translation>Ein neues Konto erhält Zugriff auf klinische Akten, sobald eine behandelnde Person oder der Inhaber dies genehmigt.</translation>
    </message>
</context>
<context>
    <name>RotationPage</name>
    <message>
        <source>Records</source>
        <translation>Akten</translation>
    </message>
    <message>
        <source>Key version</source>
        <translation>Schlüsselversion</translation>
    </message>
    <message>
        <source>Holders</source>
        <translation>Inhaber des Schlüssels</translation>
    </message>
    <message>
        <source>Registry (people, appointments, users, audit log)</source>
        <translation>Stammdaten (Personen, Termine, Benutzer, Prüfprotokoll)</translation>
    </message>
    <message>
        <source>Clinical (notes, medications, results, documents)</source>
        <translation>Klinisch (Notizen, Medikamente, Befunde, Dokumente)</translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation>Erneuern…</translation>
    </message>
    <message>
        <source>Rotate the {name} key</source>
        <translation>Schlüssel „{name}“ erneuern</translation>
    </message>
    <message>
        <source>Key rotation</source>
        <translation>Schlüsselerneuerung</translation>
    </message>
    <message>
        <source>Rotating replaces a key with a new one and re-encrypts its file. Do it after someone who held the key has left, or if a copy may have leaked. Everyone who still holds the key keeps access.</source>
        <translation>Beim Erneuern wird ein Schlüssel durch einen neuen ersetzt und seine Datei neu verschlüsselt. Tun Sie dies, nachdem jemand mit diesem Schlüssel ausgeschieden ist oder falls eine Kopie abhandengekommen sein könnte. Alle, die den Schlüssel noch besitzen, behalten ihren Zugriff.</translation>
    </message>
    <message>
        <source>You do not hold this key.</source>
        <translation>Sie besitzen diesen Schlüssel nicht.</translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation>Schlüssel erneuern</translation>
    </message>
    <message>
        <source>Replace the {name} key now? The file is re-encrypted; this can take a while for a large vault. Make a backup afterwards: older backups open only with the old key.</source>
        <translation>Den Schlüssel „{name}“ jetzt ersetzen? Die Datei wird neu verschlüsselt; bei einem großen Tresor kann das eine Weile dauern. Erstellen Sie danach eine Sicherung: Ältere Sicherungen lassen sich nur mit dem alten Schlüssel öffnen.</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Erneuern</translation>
    </message>
    <message>
        <source>Key rotated</source>
        <translation>Schlüssel erneuert</translation>
    </message>
    <message>
        <source>The {name} key is now version {version}.</source>
        <translation>Der Schlüssel „{name}“ hat jetzt Version {version}.</translation>
    </message>
    <message>
        <source>Rotating the {name} key…</source>
        <translation>Schlüssel „{name}“ wird erneuert…</translation>
    </message>
</context>
<context>
    <name>RowsModel</name>
    <message>
        <source>Restricted entry</source>
        <extracomment>The operation that decides whether the section is offered at all. Whether it shows clinical data, and so needs the clinical snapshot.</extracomment>
        <translation>Gesperrter Eintrag</translation>
    </message>
</context>
<context>
    <name>SavePage</name>
    <message>
        <source>Where should the package be saved?</source>
        <translation>Wo soll das Paket gespeichert werden?</translation>
    </message>
    <message>
        <source>The file is encrypted: it can travel by e-mail, USB stick or a cloud folder.</source>
        <translation>Die Datei ist verschlüsselt: Sie kann per E-Mail, USB-Stick oder Cloud-Ordner weitergegeben werden.</translation>
    </message>
    <message>
        <source>Package file</source>
        <translation>Paketdatei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Save the sharing package</source>
        <translation>Freigabepaket speichern</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>Set a quick-unlock PIN</source>
        <translation>PIN zum schnellen Entsperren festlegen</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Repeat the PIN</source>
        <translation>PIN wiederholen</translation>
    </message>
    <message>
        <source>Your &amp;password:</source>
        <translation>Ihr &amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Repeat the PIN:</source>
        <translation>PIN &amp;wiederholen:</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>PIN festlegen</translation>
    </message>
    <message>
        <source>After MedVault locks itself because you were away, this PIN unlocks it again. Three wrong tries and the full password is needed. A manual lock, a screen lock or sleep always asks for the password. The PIN lasts until MedVault closes.</source>
        <translation>Wenn sich MedVault gesperrt hat, weil Sie nicht am Platz waren, entsperrt diese PIN es wieder. Nach drei Fehlversuchen ist das vollständige Passwort nötig. Nach manuellem Sperren, Bildschirmsperre oder Ruhezustand wird immer das Passwort verlangt. Die PIN gilt, bis MedVault beendet wird.</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>Die beiden PINs stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> min</source>
        <extracomment>The settings changed: the lock controller re-reads the idle time.</extracomment>
        <translation> Min.</translation>
    </message>
    <message>
        <source>Lock after this many idle minutes</source>
        <translation>Nach so vielen Minuten Inaktivität sperren</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Clear what MedVault copied after this many seconds</source>
        <translation>Von MedVault Kopiertes nach so vielen Sekunden löschen</translation>
    </message>
    <message>
        <source>Lock when the window is &amp;minimised</source>
        <translation>Sperren, wenn das Fenster &amp;minimiert wird</translation>
    </message>
    <message>
        <source>Allow a short &amp;PIN to unlock again after an idle lock</source>
        <translation>Nach einer Sperre wegen Inaktivität das Entsperren mit einer kurzen &amp;PIN erlauben</translation>
    </message>
    <message>
        <source>Laboratory units</source>
        <translation>Laboreinheiten</translation>
    </message>
    <message>
        <source>Conventional (mg/dL, %)</source>
        <translation>Konventionell (mg/dL, %)</translation>
    </message>
    <message>
        <source>SI (mmol/L, µmol/L, mmol/mol)</source>
        <translation>SI (mmol/L, µmol/L, mmol/mol)</translation>
    </message>
    <message>
        <source>Require an authenticator app for {role}</source>
        <translation>Authenticator-App für {role} verlangen</translation>
    </message>
    <message>
        <source>Require an &amp;authenticator code when I sign in</source>
        <translation>Beim Anmelden einen &amp;Authenticator-Code verlangen</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>Einstellungen &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Idle lock:</source>
        <translation>Sperre bei &amp;Inaktivität:</translation>
    </message>
    <message>
        <source>&amp;Clear the clipboard after:</source>
        <translation>&amp;Zwischenablage leeren nach:</translation>
    </message>
    <message>
        <source>&amp;Laboratory units:</source>
        <translation>&amp;Laboreinheiten:</translation>
    </message>
    <message>
        <source>Authenticator app required for:</source>
        <translation>Authenticator-App verlangt für:</translation>
    </message>
    <message>
        <source>Vault settings</source>
        <translation>Tresoreinstellungen</translation>
    </message>
    <message>
        <source>These apply to everyone who uses this vault. The machine policy can tighten them.</source>
        <translation>Diese gelten für alle, die diesen Tresor verwenden. Die Computerrichtlinie kann sie verschärfen.</translation>
    </message>
    <message>
        <source>machine policy limit: {n} min</source>
        <translation>Grenze der Computerrichtlinie: {n} Min.</translation>
    </message>
    <message>
        <source>machine policy limit: {n} s</source>
        <translation>Grenze der Computerrichtlinie: {n} s</translation>
    </message>
    <message>
        <source>The machine policy can tighten these settings.</source>
        <translation>Die Computerrichtlinie kann diese Einstellungen verschärfen.</translation>
    </message>
    <message>
        <source>Set by the machine policy</source>
        <translation>Durch die Computerrichtlinie festgelegt</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
</context>
<context>
    <name>ShareWizard</name>
    <message>
        <source>Personal details</source>
        <translation>Personendaten</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medikamente</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>Allergien</translation>
    </message>
    <message>
        <source>Immunizations</source>
        <translation>Impfungen</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Encounters</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>Eingriffe</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Einwilligungen</translation>
    </message>
    <message>
        <source>Share {0}&apos;s record</source>
        <extracomment>A package was written (the pages listing shares refresh).</extracomment>
        <translation>Akte von {0} teilen</translation>
    </message>
</context>
<context>
    <name>SharesSection</name>
    <message>
        <source>My shares</source>
        <translation>Meine Freigaben</translation>
    </message>
    <message>
        <source>Packages shared from my record</source>
        <translation>Aus meiner Akte geteilte Pakete</translation>
    </message>
    <message>
        <source>Nothing shared yet.</source>
        <translation>Noch nichts geteilt.</translation>
    </message>
    <message>
        <source>&amp;Share my record…</source>
        <translation>Meine Akte &amp;teilen…</translation>
    </message>
    <message>
        <source>An encrypted, signed package of the parts you choose, for a new doctor or a specialist. It opens only for them (or with the passphrase you give them) and stops opening on the day it expires.</source>
        <translation>Ein verschlüsseltes, signiertes Paket mit den Teilen, die Sie wählen, für eine neue Praxis oder eine Fachärztin bzw. einen Facharzt. Es lässt sich nur von ihnen öffnen (oder mit der Passphrase, die Sie ihnen geben) und ab seinem Ablaufdatum nicht mehr.</translation>
    </message>
    <message>
        <source>Choose who you are above to share your record.</source>
        <translation>Wählen Sie oben aus, wer Sie sind, um Ihre Akte zu teilen.</translation>
    </message>
    <message>
        <source>anyone with the passphrase</source>
        <translation>jeder mit der Passphrase</translation>
    </message>
    <message>
        <source>everything</source>
        <translation>alles</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Check, then create</source>
        <translation>Prüfen, dann erstellen</translation>
    </message>
    <message>
        <source>&amp;Create package</source>
        <translation>Paket &amp;erstellen</translation>
    </message>
    <message>
        <source>(key verified)</source>
        <translation>(Schlüssel bestätigt)</translation>
    </message>
    <message>
        <source>(key NOT verified)</source>
        <translation>(Schlüssel NICHT bestätigt)</translation>
    </message>
    <message>
        <source>anyone with the passphrase</source>
        <translation>jeder mit der Passphrase</translation>
    </message>
    <message>
        <source>Record of: {0}</source>
        <translation>Akte von: {0}</translation>
    </message>
    <message>
        <source>To: {0}</source>
        <translation>An: {0}</translation>
    </message>
    <message>
        <source>Sections: {0}</source>
        <translation>Bereiche: {0}</translation>
    </message>
    <message>
        <source>Entries: all</source>
        <translation>Einträge: alle</translation>
    </message>
    <message>
        <source>Entries: recorded or changed since {0}</source>
        <translation>Einträge: erfasst oder geändert seit {0}</translation>
    </message>
    <message>
        <source>Purpose: {0}</source>
        <translation>Zweck: {0}</translation>
    </message>
    <message>
        <source>Expires: {0}</source>
        <translation>Gültig bis: {0}</translation>
    </message>
    <message>
        <source>Without consent, because: {0}</source>
        <translation>Ohne Einwilligung, weil: {0}</translation>
    </message>
    <message>
        <source>Consent: covered</source>
        <translation>Einwilligung: vorhanden</translation>
    </message>
    <message>
        <source>Left out (restricted): {0}</source>
        <translation>Ausgelassen (gesperrt): {0}</translation>
    </message>
    <message>
        <source>File: {0}</source>
        <translation>Datei: {0}</translation>
    </message>
</context>
<context>
    <name>TotpEnrolDialog</name>
    <message>
        <source>Set up an authenticator app</source>
        <translation>Authenticator-App einrichten</translation>
    </message>
    <message>
        <source>QR code for your authenticator app</source>
        <translation>QR-Code für Ihre Authenticator-App</translation>
    </message>
    <message>
        <source>Secret for typing into the app</source>
        <translation>Geheimnis zum Eintippen in die App</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Code aus der App</translation>
    </message>
    <message>
        <source>Or type this key:</source>
        <translation>Oder geben Sie diesen Schlüssel ein:</translation>
    </message>
    <message>
        <source>&amp;Code shown by the app:</source>
        <translation>Von der App angezeigter &amp;Code:</translation>
    </message>
    <message>
        <source>Your &amp;password:</source>
        <translation>Ihr &amp;Passwort:</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Einschalten</translation>
    </message>
    <message>
        <source>Scan this code with an authenticator app on your phone (for example FreeOTP, Aegis, Google or Microsoft Authenticator). From then on, signing in asks for the 6-digit code the app shows.</source>
        <translation>Scannen Sie diesen Code mit einer Authenticator-App auf Ihrem Telefon (zum Beispiel FreeOTP, Aegis, Google oder Microsoft Authenticator). Danach wird bei der Anmeldung der 6-stellige Code abgefragt, den die App anzeigt.</translation>
    </message>
</context>
<context>
    <name>UnlockController</name>
    <message>
        <source>&amp;Unlock</source>
        <extracomment>A session is open; the receiver owns it from now on. A backup was restored into this folder and the person wants to open it.</extracomment>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Kept: just enter the code below</source>
        <translation>Gemerkt: Geben Sie nur noch den Code unten ein</translation>
    </message>
    <message>
        <source>This computer&apos;s MedVault policy has an error, so no vault can be opened until IT corrects it.</source>
        <translation>Die MedVault-Richtlinie dieses Computers enthält einen Fehler. Bis die IT ihn behebt, lässt sich kein Tresor öffnen.</translation>
    </message>
    <message>
        <source>This vault cannot be opened safely.</source>
        <translation>Dieser Tresor kann nicht sicher geöffnet werden.</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Enter the 6-digit code from your authenticator app. Your password is kept; you do not need to type it again.</source>
        <translation>Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein. Ihr Passwort ist gemerkt; Sie müssen es nicht erneut eingeben.</translation>
    </message>
    <message>
        <source>Enter your user name in the first field and your password in the second.</source>
        <translation>Geben Sie im ersten Feld Ihren Benutzernamen und im zweiten Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Enter your PIN.</source>
        <translation>Geben Sie Ihre PIN ein.</translation>
    </message>
    <message>
        <source>New password set</source>
        <translation>Neues Passwort gesetzt</translation>
    </message>
    <message>
        <source>Your new password is set and you are signed in. Keep the recovery key in a safe place: it still works. If you used an authenticator app, set it up again under My account.</source>
        <translation>Ihr neues Passwort ist gesetzt und Sie sind angemeldet. Bewahren Sie den Wiederherstellungsschlüssel weiter sicher auf: Er bleibt gültig. Falls Sie eine Authenticator-App verwendet haben, richten Sie sie unter „Mein Konto“ erneut ein.</translation>
    </message>
    <message>
        <source>Enter your PIN again, with the 6-digit code from your authenticator app.</source>
        <translation>Geben Sie Ihre PIN erneut ein, zusammen mit dem 6-stelligen Code aus Ihrer Authenticator-App.</translation>
    </message>
    <message>
        <source>Your password was accepted. Enter the 6-digit code from your authenticator app; you do not need to type the password again.</source>
        <translation>Ihr Passwort wurde angenommen. Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein; Sie müssen das Passwort nicht erneut eingeben.</translation>
    </message>
    <message>
        <source>Your password is kept: enter the new code.</source>
        <translation>Ihr Passwort ist gemerkt: Geben Sie den neuen Code ein.</translation>
    </message>
    <message>
        <source>Choose a backup (or the folder that holds your backups)</source>
        <translation>Wählen Sie eine Sicherung (oder den Ordner, der Ihre Sicherungen enthält)</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>There is no MedVault backup in {path}.</source>
        <translation>In {path} gibt es keine MedVault-Sicherung.</translation>
    </message>
    <message>
        <source>A backup of another vault</source>
        <translation>Eine Sicherung eines anderen Tresors</translation>
    </message>
    <message>
        <source>The backup from {when} in {path} was made from a different vault, not from this one. Restoring it brings back that vault&apos;s records, not yours. Restore it anyway?</source>
        <translation>Die Sicherung vom {when} in {path} stammt aus einem anderen Tresor, nicht aus diesem. Beim Wiederherstellen erhalten Sie die Daten jenes Tresors zurück, nicht Ihre. Trotzdem wiederherstellen?</translation>
    </message>
    <message>
        <source>Restore the other vault</source>
        <translation>Den anderen Tresor wiederherstellen</translation>
    </message>
    <message>
        <source>Restore into which folder? A new vault folder is made inside it; the damaged vault is left as it is.</source>
        <translation>In welchen Ordner wiederherstellen? Darin wird ein neuer Tresorordner angelegt; der beschädigte Tresor bleibt unverändert.</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Sicherung wiederhergestellt</translation>
    </message>
    <message>
        <source>The backup from {when} was restored to {path}. Open it now?</source>
        <translation>Die Sicherung vom {when} wurde nach {path} wiederhergestellt. Jetzt öffnen?</translation>
    </message>
    <message>
        <source>Open restored vault</source>
        <translation>Wiederhergestellten Tresor öffnen</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Sicherung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Forgot your password?</source>
        <translation>Passwort vergessen?</translation>
    </message>
    <message>
        <source>Staff: ask the vault owner to set a new password for you (Administration → Users). Owner ({owner}): type the recovery key from your emergency kit and choose a new password. Your authenticator app, if you used one, must be set up again afterwards.</source>
        <translation>Mitarbeitende: Bitten Sie die Inhaberin oder den Inhaber des Tresors, Ihnen ein neues Passwort zu setzen (Verwaltung → Benutzer). Inhaber ({owner}): Geben Sie den Wiederherstellungsschlüssel aus Ihrem Notfallkit ein und wählen Sie ein neues Passwort. Eine Authenticator-App, falls verwendet, muss danach neu eingerichtet werden.</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>Wiederherstellungs&amp;schlüssel:</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>Set password and unlock</source>
        <translation>Passwort setzen und entsperren</translation>
    </message>
</context>
<context>
    <name>UnlockWindow</name>
    <message>
        <source>Unlock — MedVault</source>
        <extracomment>The window has been painted for the first time and that paint is on screen. At start-up the vault is opened only then (see `AppController.start`).</extracomment>
        <translation>Entsperren – MedVault</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Authenticator code</source>
        <translation>Authenticator-Code</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Code from your app:</source>
        <translation>&amp;Code aus Ihrer App:</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Wird entsperrt</translation>
    </message>
    <message>
        <source>Wait before trying again</source>
        <translation>Warten Sie, bevor Sie es erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>Aus Sicherung &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Use my p&amp;assword instead</source>
        <translation>Stattdessen mein P&amp;asswort verwenden</translation>
    </message>
    <message>
        <source>&amp;Open another vault…</source>
        <translation>Anderen Tresor &amp;öffnen…</translation>
    </message>
    <message>
        <source>&amp;Forgot your password?</source>
        <translation>Passwort &amp;vergessen?</translation>
    </message>
    <message>
        <source>Forgot your password</source>
        <translation>Passwort vergessen</translation>
    </message>
    <message>
        <source>Practice vault</source>
        <translation>Praxis-Tresor</translation>
    </message>
    <message>
        <source>Personal vault</source>
        <translation>Persönlicher Tresor</translation>
    </message>
    <message>
        <source>Unlock {name} — MedVault</source>
        <translation>{name} entsperren – MedVault</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Sie können es jetzt erneut versuchen.</translation>
    </message>
    <message>
        <source>Too many failed attempts. You can try again in {n} s.</source>
        <translation>Zu viele Fehlversuche. Sie können es in {n} s erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <source>MedVault user guide</source>
        <translation>MedVault-Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>To print the guide or keep it open</source>
        <translation>Um das Handbuch zu drucken oder geöffnet zu lassen</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>Benutzer &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation>&amp;Deaktivieren…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>Passwort &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>A personal vault has one user, its owner. Family members are added as patients.</source>
        <translation>Ein persönlicher Tresor hat einen Benutzer, seinen Inhaber. Familienmitglieder werden als Patienten angelegt.</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>R&amp;olle ändern…</translation>
    </message>
    <message>
        <source>People who can sign in to this vault</source>
        <translation>Personen, die sich bei diesem Tresor anmelden können</translation>
    </message>
    <message>
        <source>User added</source>
        <translation>Benutzer hinzugefügt</translation>
    </message>
    <message>
        <source>{name} was added as {role}. Their access to {keys} records waits for approval by someone who holds that key (Administration → Pending grants).</source>
        <translation>{name} wurde als {role} hinzugefügt. Der Zugriff auf die Akten „{keys}“ wartet auf die Genehmigung durch jemanden, der diesen Schlüssel besitzt (Verwaltung → Offene Freigaben).</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>{name} wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Rolle geändert</translation>
    </message>
    <message>
        <source>{name} is now {role}. Their access to {keys} records waits for approval by someone who holds that key (Administration → Pending grants).</source>
        <translation>{name} hat jetzt die Rolle {role}. Der Zugriff auf die Daten „{keys}“ wartet auf die Genehmigung durch jemanden, der diesen Schlüssel besitzt (Verwaltung → Offene Freigaben).</translation>
    </message>
    <message>
        <source>Changing {name}&apos;s role…</source>
        <translation>Rolle von {name} wird geändert…</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>Benutzer deaktivieren</translation>
    </message>
    <message>
        <source>Disable {name}? They will no longer be able to sign in. Their entries in the records and the audit log stay.</source>
        <translation>{name} deaktivieren? Die Person kann sich dann nicht mehr anmelden. Ihre Einträge in den Akten und im Prüfprotokoll bleiben erhalten.</translation>
    </message>
    <message>
        <source>Disable {name}</source>
        <translation>{name} deaktivieren</translation>
    </message>
    <message>
        <source>Disabling {name}…</source>
        <translation>{name} wird deaktiviert…</translation>
    </message>
    <message>
        <source>Rotate keys</source>
        <translation>Schlüssel erneuern</translation>
    </message>
    <message>
        <source>{name} held the {keys} key. Ask the vault owner to rotate it (Administration → Key rotation).</source>
        <translation>{name} besaß den Schlüssel „{keys}“. Bitten Sie den Tresorinhaber, ihn zu erneuern (Verwaltung → Schlüsselerneuerung).</translation>
    </message>
    <message>
        <source>{name} held the {keys} key and may have kept a copy. Replace it with a new key now? Everyone else keeps their access.</source>
        <translation>{name} besaß den Schlüssel „{keys}“ und könnte eine Kopie behalten haben. Jetzt durch einen neuen Schlüssel ersetzen? Alle anderen behalten ihren Zugriff.</translation>
    </message>
    <message>
        <source>Rotate now</source>
        <translation>Jetzt erneuern</translation>
    </message>
    <message>
        <source>Rotating keys…</source>
        <translation>Schlüssel werden erneuert…</translation>
    </message>
    <message>
        <source>Reset password for {name}</source>
        <translation>Passwort für {name} zurücksetzen</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Passwort zurückgesetzt</translation>
    </message>
    <message>
        <source>{name}&apos;s password was reset.</source>
        <translation>Das Passwort von {name} wurde zurückgesetzt.</translation>
    </message>
    <message>
        <source>Choose a new password for {name} and give it to them in person. They choose their own at their next sign-in (an emergency or backup account keeps this one). Their authenticator app is reset, and clinical access must be approved again under Pending grants.</source>
        <translation>Wählen Sie ein neues Passwort für {name} und geben Sie es der Person persönlich. Sie wählt bei der nächsten Anmeldung ein eigenes (ein Notfall- oder Sicherungskonto behält dieses). Ihre Authenticator-App wird zurückgesetzt, und der klinische Zugang muss unter „Offene Freigaben“ erneut bestätigt werden.</translation>
    </message>
    <message>
        <source>It is temporary: {name} chooses their own at the next sign-in, and it stops working unused after {date}.</source>
        <translation>Es ist vorläufig: {name} wählt bei der nächsten Anmeldung ein eigenes, und ungenutzt gilt es nur bis {date}.</translation>
    </message>
    <message>
        <source>Resetting the password…</source>
        <translation>Passwort wird zurückgesetzt…</translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Authenticator</source>
        <translation>Authenticator</translation>
    </message>
    <message>
        <source>Waiting for</source>
        <translation>Wartet auf</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>VerifyKeyDialog</name>
    <message>
        <source>Verify {0}&apos;s key</source>
        <translation>Schlüssel von {0} bestätigen</translation>
    </message>
    <message>
        <source>The fingerprints &amp;match</source>
        <translation>Die Fingerabdrücke &amp;stimmen überein</translation>
    </message>
    <message>
        <source>The fingerprint they read to you</source>
        <translation>Der Fingerabdruck, den man Ihnen vorgelesen hat</translation>
    </message>
    <message>
        <source>Type what they read to you (spaces do not matter)</source>
        <translation>Geben Sie ein, was man Ihnen vorliest (Leerzeichen sind egal)</translation>
    </message>
    <message>
        <source>Call {0} on a number you already know (not one from the card) and read these digits together. If theirs are the same, the key really is theirs.</source>
        <translation>Rufen Sie {0} unter einer Nummer an, die Sie bereits kennen (nicht einer von der Karte), und lesen Sie diese Zeichen gemeinsam. Stimmen sie überein, gehört der Schlüssel wirklich dieser Person.</translation>
    </message>
</context>
<context>
    <name>WelcomeWindow</name>
    <message>
        <source>Welcome — MedVault</source>
        <translation>Willkommen – MedVault</translation>
    </message>
    <message>
        <source>MedVault</source>
        <translation>MedVault</translation>
    </message>
    <message>
        <source>Health records kept encrypted on this computer, opened only with your own key.</source>
        <translation>Gesundheitsdaten, verschlüsselt auf diesem Computer gespeichert und nur mit Ihrem eigenen Schlüssel zu öffnen.</translation>
    </message>
    <message>
        <source>Create a practice vault</source>
        <translation>Praxis-Tresor anlegen</translation>
    </message>
    <message>
        <source>For a practice: several staff, each with their own sign-in and role.</source>
        <translation>Für eine Praxis: mehrere Mitarbeitende, jeweils mit eigener Anmeldung und Rolle.</translation>
    </message>
    <message>
        <source>Create a personal vault</source>
        <translation>Persönlichen Tresor anlegen</translation>
    </message>
    <message>
        <source>For your own and your family&apos;s health records.</source>
        <translation>Für Ihre eigenen Gesundheitsdaten und die Ihrer Familie.</translation>
    </message>
    <message>
        <source>Open an existing vault…</source>
        <translation>Vorhandenen Tresor öffnen…</translation>
    </message>
    <message>
        <source>A vault folder on this computer, a shared drive or a USB stick.</source>
        <translation>Ein Tresorordner auf diesem Computer, einem Netzlaufwerk oder einem USB-Stick.</translation>
    </message>
    <message>
        <source>Try a demo vault</source>
        <translation>Demo-Tresor ausprobieren</translation>
    </message>
    <message>
        <source>Made-up patients, so you can look around without real data.</source>
        <translation>Erfundene Patienten, damit Sie sich ohne echte Daten umsehen können.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>First steps, locking, backups and recovery (F1)</source>
        <translation>Erste Schritte, Sperren, Sicherungen und Wiederherstellung (F1)</translation>
    </message>
    <message>
        <source>Recent vaults</source>
        <translation>Zuletzt verwendete Tresore</translation>
    </message>
    <message>
        <source>&amp;Recent vaults</source>
        <translation>&amp;Zuletzt verwendete Tresore</translation>
    </message>
    <message>
        <source>Op&amp;en</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Remove from &amp;list</source>
        <translation>Aus der &amp;Liste entfernen</translation>
    </message>
    <message>
        <source>No vault opened yet.</source>
        <translation>Noch kein Tresor geöffnet.</translation>
    </message>
    <message>
        <source>Demo practice (made-up patients)</source>
        <translation>Demo-Praxis (erfundene Patienten)</translation>
    </message>
    <message>
        <source>{name} (not found)</source>
        <translation>{name} (nicht gefunden)</translation>
    </message>
</context>
<context>
    <name>create_wizard</name>
    <message>
        <source>{path} already exists and is not empty. Choose another name.</source>
        <translation>{path} existiert bereits und ist nicht leer. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>MedVault cannot write in {path}. Choose another folder.</source>
        <translation>MedVault kann nicht in {path} schreiben. Wählen Sie einen anderen Ordner.</translation>
    </message>
</context>
<context>
    <name>workers</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>A file could not be read or written: {what}{where}.</source>
        <translation>Eine Datei konnte nicht gelesen oder geschrieben werden: {what}{where}.</translation>
    </message>
    <message>
        <source>An unexpected error stopped this step ({name}). The details are in the log.</source>
        <translation>Ein unerwarteter Fehler hat diesen Schritt beendet ({name}). Die Einzelheiten stehen im Protokoll.</translation>
    </message>
</context>
</TS>

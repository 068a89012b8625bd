// Common words that may be lower-cased inside a sentence. A capitalized word not listed here
// (an eponym such as Crohn, Down or Graves, a place, a brand) keeps its capital: a missing word
// only leaves a capital, while a wrong entry would break a name.
const WORDS = `
abdominal abuse acne acquired acute adenocarcinoma adenoma adolescent adult adults advanced age-related airway
alcohol allergic allergy alopecia amyotrophic anal anemia aneurysm angina ankylosing anorexia anxiety aortic
apnea arrhythmia arterial artery arthritis asthma atopic atrial atrophy attack autism autoimmune axial back
bacterial basal benign biliary bipolar birth bladder bleeding blindness blood bone bowel brain breast
bronchitis burn burns bypass cancer cancers carcinoma cardiac cardiomyopathy cardiovascular caries cataract
cavity cell cells central cerebral cervical cervix child childhood children cholangiocarcinoma chronic
cirrhosis cleft clear clinical cognitive colitis colon colorectal common complication complications congenital
congestive constipation coronary corpus cough cystic cysts deep deficiency degeneration delirium dementia
dental depression depressive dermatitis diabetes diabetic diarrhea digestive disease diseases disorder
disorders distress drug dry ductal dysfunction dysphagia early ear eating eczema embolism end-stage endocrine
endometrial endometriosis epilepsy epithelial esophageal eye failure fallopian fatty fatigue female fever
fibrillation fibrosis follicular food foot fracture fractures functional gallbladder gastric gastrointestinal
general generalized genetic germ gestational giant gland glioblastoma glioma gout graft growth gum hair head
headache health hearing heart hemorrhage hemorrhagic hepatic hepatitis hepatocellular hereditary high hip
hypertension hypoglycemia immune impairment infant infants infarction infection infections infectious
infertility inflammatory injury injuries insomnia insufficiency intestinal intracranial intrauterine invasive
iron irritable issue issues joint juvenile kidney knee large latent left leg leukemia lichen limb lipid liver local
localized locally low lower lung lupus lymph lymphoblastic lymphocytic lymphoma macular major malaria male
malignant malnutrition mantle marginal maternal medullary melanoma mellitus membrane memory mental metabolic
metastatic metastases metastasis mild minimal moderate mouth multiple muscle muscular myelodysplastic myeloid
myeloma myocardial nasal neck neoplasm neoplasms nephropathy nerve nervous neuroendocrine neuropathy neonatal
newly non nonalcoholic nonradiographic obesity obstructive ocular oral osteoarthritis osteoporosis outcome
ovarian overweight pain palate palsy pancreas pancreatic panic papillary partial pediatric pelvic peptic
perinatal peripheral peritoneal personality plaque planus plasma pneumonia polycystic positive post
postoperative postpartum pressure preterm primary progressive prostate prostatic psoriasis psoriatic psychosis
pulmonary rectal recurrent refractory related relapsed relapsing renal resistant respiratory retinal
retinopathy rheumatoid right rosacea sarcoidosis sarcoma schizophrenia sclerosis secondary seizure seizures
severe sexual short sickle sinus skin sleep small smoking soft solid spinal spine spondyloarthritis squamous
stable stage stem stomach stone stones stress stroke stromal subarachnoid substance syndrome systemic telangiectasia
testicular thoracic throat thrombosis thyroid tissue tobacco tooth transplant transplantation traumatic triple
tube tuberculosis tumor tumors tumour type ulcer ulcerative ulcers undifferentiated upper urinary uterine
vascular venous viral vision vitamin weight wound
after and at by due for from in of on or other the to with without
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

import type { SeedEmployee } from '../types';

/**
 * Fieldline's people who appear in the demo. Maren Okafor runs the customer-knowledge
 * programme and administers Rapport; the executive and two front-line colleagues only read.
 */

export const EMPLOYEE_KEYS = [
  'emp-maren',
  'emp-lukas',
  'emp-sofia',
  'emp-tomas',
  'emp-aisha',
  'emp-priya',
  'emp-elena',
  'emp-jonas',
  'emp-nadia',
  'emp-henrik',
] as const;

export type EmployeeKey = (typeof EMPLOYEE_KEYS)[number];

export const employees: (SeedEmployee & { key: EmployeeKey })[] = [
  {
    key: 'emp-maren',
    name: 'Maren Okafor',
    email: 'maren.okafor@fieldline.example',
    team: 'Customer Insight',
    role: 'ANALYST',
    accessRoles: ['ADMIN', 'ANALYST'],
  },
  {
    key: 'emp-lukas',
    name: 'Lukas Brandt',
    email: 'lukas.brandt@fieldline.example',
    team: 'Enterprise Accounts',
    role: 'ACCOUNT_MANAGER',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-sofia',
    name: 'Sofia Marchetti',
    email: 'sofia.marchetti@fieldline.example',
    team: 'Mid-Market & Public Sector Accounts',
    role: 'ACCOUNT_MANAGER',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-tomas',
    name: 'Tomás Ferreira',
    email: 'tomas.ferreira@fieldline.example',
    team: 'Customer Support',
    role: 'SUPPORT_AGENT',
    accessRoles: ['VIEWER'],
  },
  {
    key: 'emp-aisha',
    name: 'Aisha Kamara',
    email: 'aisha.kamara@fieldline.example',
    team: 'Customer Support',
    role: 'SUPPORT_AGENT',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-priya',
    name: 'Priya Raman',
    email: 'priya.raman@fieldline.example',
    team: 'Customer Insight',
    role: 'ANALYST',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-elena',
    name: 'Elena Novak',
    email: 'elena.novak@fieldline.example',
    team: 'Product',
    role: 'PRODUCT_MANAGER',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-jonas',
    name: 'Jonas Lindqvist',
    email: 'jonas.lindqvist@fieldline.example',
    team: 'Customer Success',
    role: 'CUSTOMER_SUCCESS',
    accessRoles: ['ANALYST'],
  },
  {
    key: 'emp-nadia',
    name: 'Nadia Haddad',
    email: 'nadia.haddad@fieldline.example',
    team: 'Customer Success',
    role: 'CUSTOMER_SUCCESS',
    accessRoles: ['VIEWER'],
  },
  {
    key: 'emp-henrik',
    name: 'Henrik Vass',
    email: 'henrik.vass@fieldline.example',
    team: 'Leadership',
    role: 'EXECUTIVE',
    accessRoles: ['VIEWER'],
  },
];
